namespace BertGen.MultipleChoice;

/// <summary>A context (a question, a goal) with its candidate endings, which one is right, and where it came from.</summary>
public sealed record ChoiceExample(string Context, IReadOnlyList<string> Choices, int Label, string Source, long Line);

/// <summary>
/// A tokenized multiple-choice example: for each choice, <c>[CLS] context [SEP] choice [SEP]</c> with segment ids
/// 0 and 1 (truncated longest first), and the index of the right one.
/// </summary>
public sealed record EncodedChoices(int[][] InputIds, int[][] TokenTypeIds, int Label)
{
    /// <summary>The longest choice's tokens: the length the example needs in a batch.</summary>
    public int Length => InputIds.Max(ids => ids.Length);
}
