namespace BertGen.QuestionAnswering;

/// <summary>A gold answer: its text and where it starts in the context (a UTF-16 index).</summary>
public sealed record SquadAnswer(string Text, int Start)
{
    public int End => Start + Text.Length;
}

/// <summary>
/// One question of a SQuAD file with its context and gold answers (none for a v2.0 question marked impossible), the
/// article it belongs to (splits keep an article's questions together) and its JSON path for messages.
/// </summary>
public sealed record SquadExample(string Id, string Question, string Context, IReadOnlyList<SquadAnswer> Answers, bool IsImpossible, int Article, string Source);
