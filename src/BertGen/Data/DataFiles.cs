namespace BertGen.Data;

/// <summary>The forms of data file BertGen reads, told apart by name, and opening them (gzipped or not).</summary>
public static class DataFiles
{
    /// <summary>JSON Lines: <c>.jsonl</c> or <c>.jsonl.gz</c>, one JSON object per line.</summary>
    public static bool IsJsonLines(string path) => HasExtension(path, ".jsonl");

    /// <summary>Tab-separated: <c>.tsv</c> or <c>.tsv.gz</c>, read without quote processing.</summary>
    public static bool IsTabSeparated(string path) => HasExtension(path, ".tsv");

    private static bool HasExtension(string path, string extension) =>
        path.EndsWith(extension, StringComparison.OrdinalIgnoreCase) || path.EndsWith(extension + ".gz", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Opens a data file, decompressing it when its name ends in <c>.gz</c>; reading a gzip file that is cut short
    /// or damaged throws <see cref="InvalidDataException"/> naming it.
    /// </summary>
    /// <exception cref="DataException">The file cannot be opened; the message names it.</exception>
    public static Stream Open(string path)
    {
        try
        {
            Stream stream = File.OpenRead(path);
            return path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GzipDataStream(stream, path) : stream;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DataException($"{path}: cannot read the data file: {e.Message}", e);
        }
    }

    /// <summary>
    /// Every line of a text data file (plain or <c>.gz</c>) with its 1-based number, read as strict UTF-8 (a byte-order
    /// mark is skipped).
    /// </summary>
    /// <exception cref="DataException">The file cannot be opened or a line is not UTF-8; the message names the file and line.</exception>
    public static IEnumerable<(long Number, string Text)> Lines(string path)
    {
        using var reader = new StreamReader(Open(path), new System.Text.UTF8Encoding(false, true), detectEncodingFromByteOrderMarks: true);
        for (long number = 1; ; number++)
        {
            string? text;
            try
            {
                text = reader.ReadLine();
            }
            catch (Exception e) when (e is IOException or InvalidDataException or System.Text.DecoderFallbackException)
            {
                throw new DataException($"{path}:{number}: cannot read the data file: {e.Message}", e);
            }
            if (text is null)
                yield break;
            yield return (number, text);
        }
    }
}
