namespace BertGen.Tokenization;

/// <summary>
/// Writes a whole-word <c>vocab.txt</c> for a corpus in BERT's layout: [PAD] = 0, [unused0..98], [UNK] = 100,
/// [CLS] = 101, [SEP] = 102, [MASK] = 103, then every word (lowercased) and punctuation mark the basic
/// tokenizer produces, most frequent first. Enough for a from-scratch model on a closed corpus such as the
/// built-in synthetic reviews; real text wants a trained WordPiece vocabulary.
/// </summary>
public static class WordVocabulary
{
    public static void Write(string path, IEnumerable<string> texts, bool lowerCase = true)
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
        var lines = new List<string> { BertTokenizer.PaddingToken };
        lines.AddRange(Enumerable.Range(0, 99).Select(i => $"[unused{i}]"));
        lines.AddRange([BertTokenizer.UnknownToken, BertTokenizer.ClassificationToken, BertTokenizer.SeparatorToken, BertTokenizer.MaskToken]);
        lines.AddRange(counts.OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal).Select(c => c.Key));
        Checkpoints.AtomicFiles.Write(path, stream =>
        {
            using var writer = new StreamWriter(stream, new System.Text.UTF8Encoding(false), leaveOpen: true) { NewLine = "\n" };
            foreach (var line in lines)
                writer.WriteLine(line);
        });
    }
}
