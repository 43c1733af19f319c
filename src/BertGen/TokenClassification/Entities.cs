namespace BertGen.TokenClassification;

/// <summary>An entity as a run of words: its type and the words <c>[Start, End]</c> (inclusive, as seqeval counts them).</summary>
public readonly record struct WordSpan(string Type, int Start, int End);

/// <summary>
/// Finds entities in tag sequences exactly as <c>seqeval</c>'s default (non-strict) mode does (its
/// <c>get_entities</c>, <c>start_of_chunk</c> and <c>end_of_chunk</c>), so that scores match the figures the field
/// reports: an I- after O or after another type starts an entity, and a change of type ends one.
/// </summary>
public static class Entities
{
    public static List<WordSpan> Find(IReadOnlyList<string> tags)
    {
        var spans = new List<WordSpan>();
        string previousTag = "O", previousType = "";
        int begin = 0;
        for (int i = 0; i <= tags.Count; i++)
        {
            var chunk = i < tags.Count ? tags[i] : "O";
            string tag = chunk[..1];
            string type = chunk.Length > 1 ? chunk[1..].Split('-', 2)[^1] : "";
            if (type.Length == 0)
                type = "_";
            if (EndOfChunk(previousTag, tag, previousType, type))
                spans.Add(new WordSpan(previousType, begin, i - 1));
            if (StartOfChunk(previousTag, tag, previousType, type))
                begin = i;
            (previousTag, previousType) = (tag, type);
        }
        return spans;
    }

    private static bool EndOfChunk(string previous, string tag, string previousType, string type) =>
        previous is "E" or "S"
        || (previous is "B" or "I" && tag is "B" or "S" or "O")
        || (previous is not ("O" or ".") && previousType != type);

    private static bool StartOfChunk(string previous, string tag, string previousType, string type) =>
        tag is "B" or "S"
        || (previous is "E" or "S" or "O" && tag is "E" or "I")
        || (tag is not ("O" or ".") && previousType != type);
}
