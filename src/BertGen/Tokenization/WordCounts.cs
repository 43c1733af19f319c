namespace BertGen.Tokenization;

/// <summary>Words as BERT's basic tokenization splits them (normalized, whitespace and punctuation split), with counts.</summary>
internal static class WordCounts
{
    public static Dictionary<string, int> Count(IEnumerable<string> texts, bool lowerCase)
    {
        var normalizer = new BertTextNormalizer(lowerCase);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var text in texts)
        {
            var normalized = normalizer.Normalize(text);
            foreach (var (offset, length) in BertWordSplitter.Instance.PreTokenize(normalized))
            {
                var word = normalized.Substring(offset, length);
                counts[word] = counts.GetValueOrDefault(word) + 1;
            }
        }
        return counts;
    }

    /// <summary>BERT's leading entries: [PAD], up to 99 [unused] slots, [UNK] [CLS] [SEP] [MASK], then the other slots.</summary>
    public static List<string> SpecialEntries(int unusedSlots)
    {
        int before = Math.Min(unusedSlots, 99);
        var entries = new List<string> { BertTokenizer.PaddingToken };
        entries.AddRange(Enumerable.Range(0, before).Select(i => $"[unused{i}]"));
        entries.AddRange([BertTokenizer.UnknownToken, BertTokenizer.ClassificationToken, BertTokenizer.SeparatorToken, BertTokenizer.MaskToken]);
        entries.AddRange(Enumerable.Range(before, unusedSlots - before).Select(i => $"[unused{i}]"));
        return entries;
    }

    public static void WriteVocabulary(string path, IEnumerable<string> entries) =>
        Checkpoints.AtomicFiles.Write(path, stream =>
        {
            using var writer = new StreamWriter(stream, new System.Text.UTF8Encoding(false), leaveOpen: true) { NewLine = "\n" };
            foreach (var entry in entries)
                writer.WriteLine(entry);
        });
}
