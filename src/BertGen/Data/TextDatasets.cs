namespace BertGen.Data;

/// <summary>
/// Reads texts from whatever the path is: an aclImdb folder, JSON Lines (<c>.jsonl</c>, <c>.jsonl.gz</c>), or a
/// delimited file (CSV, or tab-separated without quoting: <c>.tsv</c>, <c>.tsv.gz</c>, or a tab delimiter).
/// </summary>
public static class TextDatasets
{
    /// <summary>Labelled texts, for training and evaluation.</summary>
    /// <exception cref="DataException">The data cannot be read; the message names the file and line.</exception>
    public static TextDataset Read(string path, TextDataOptions? options = null)
    {
        if (Directory.Exists(path))
            return AclImdbReader.Read(path, options);
        RequireFile(path);
        var data = DataFiles.IsJsonLines(path) ? JsonLinesTextReader.Read(path, options) : CsvTextReader.Read(path, options);
        // Nothing to learn from or score: say so here, not as an empty label set or a division by zero later.
        if (data.Examples.Count == 0)
            throw new DataException(data.SkippedRows > 0
                ? $"{path}: every one of its {data.SkippedRows} rows was skipped as bad (first: {data.SkippedReasons.FirstOrDefault()})"
                : $"{path}: holds no examples, only a header or nothing");
        return data;
    }

    /// <summary>
    /// The texts of a file (or of an aclImdb folder's reviews), without labels, for prediction; cleaned when
    /// <see cref="TextDataOptions.Clean"/> is set.
    /// </summary>
    /// <exception cref="DataException">The data cannot be read; the message names the file and line.</exception>
    public static List<string> ReadTexts(string path, TextDataOptions options)
    {
        if (Directory.Exists(path))
            return AclImdbReader.Read(path, options).Examples.Select(e => e.Text).ToList();
        RequireFile(path);
        return DataFiles.IsJsonLines(path) ? JsonLinesTextReader.ReadTexts(path, options) : CsvTextReader.ReadTexts(path, options);
    }

    private static void RequireFile(string path)
    {
        if (!File.Exists(path))
            throw new DataException($"{path}: no such data file or folder (expected a CSV, TSV or JSON Lines file, plain or .gz, or an aclImdb folder)");
    }
}
