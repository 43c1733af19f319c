using BertGen.Data;

namespace BertGen.Pretraining;

/// <summary>A document as sentences, and where it came from.</summary>
public sealed record CorpusDocument(IReadOnlyList<string> Sentences, string Source);

/// <summary>Reads documents for pretraining from plain-text files or a text column of a CSV.</summary>
public static class TextCorpus
{
    /// <summary>
    /// Plain-text files: each file is one document, or, with <paramref name="blankLineSeparated"/>, documents
    /// are separated by blank lines. Lines within a document are joined and split into sentences.
    /// </summary>
    public static List<CorpusDocument> FromTextFiles(IEnumerable<string> paths, bool blankLineSeparated = false)
    {
        var documents = new List<CorpusDocument>();
        foreach (var path in paths)
        {
            string text;
            try
            {
                text = File.ReadAllText(path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new DataException($"{path}: cannot read the corpus file: {e.Message}", e);
            }
            var parts = blankLineSeparated ? System.Text.RegularExpressions.Regex.Split(text, @"\r?\n[ \t]*\r?\n") : [text];
            foreach (var part in parts)
                AddDocument(documents, part, path);
        }
        return documents;
    }

    /// <summary>One document per row of a CSV's text column (plain or .gz), cleaned of &lt;br /&gt; tags when asked.</summary>
    public static List<CorpusDocument> FromCsv(string path, string textColumn = "review", bool clean = true)
    {
        var documents = new List<CorpusDocument>();
        foreach (var text in CsvTextReader.ReadTexts(path, textColumn))
            AddDocument(documents, clean ? TextCleaning.Clean(text) : text, path);
        return documents;
    }

    /// <summary>Documents made from texts already in memory (for example the training half of a labelled set).</summary>
    public static List<CorpusDocument> FromTexts(IEnumerable<string> texts, string source)
    {
        var documents = new List<CorpusDocument>();
        foreach (var text in texts)
            AddDocument(documents, text, source);
        return documents;
    }

    private static void AddDocument(List<CorpusDocument> documents, string text, string source)
    {
        var sentences = SentenceSplitter.Split(System.Text.RegularExpressions.Regex.Replace(text, @"\s+", " "));
        if (sentences.Count > 0)
            documents.Add(new CorpusDocument(sentences, source));
    }
}
