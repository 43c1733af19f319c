using System.IO.Compression;
using CsvHelper;

namespace BertGen.Data;

/// <summary>Reads labelled texts from a CSV file (or <c>.csv.gz</c>) with CsvHelper.</summary>
public static class CsvTextReader
{
    public static TextDataset Read(string path, TextDataOptions? options = null)
    {
        options ??= TextDataOptions.Default;
        var stream = Open(path);

        var examples = new List<LabeledText>();
        var skipped = new List<string>();
        var csvOptions = new CsvReaderOptions
        {
            TrackLineNumbers = true,
            MalformedData = CsvMalformedDataHandling.Throw,
            FieldCountMismatch = CsvFieldCountHandling.Throw,
        };
        try
        {
            using var csv = CsvReader.Create(stream, csvOptions, false);
            csv.ReadHeader();
            int textColumn = Column(csv, path, options.TextColumn, "text");
            int labelColumn = Column(csv, path, options.LabelColumn, "label");
            while (true)
            {
                bool more;
                try
                {
                    more = csv.Read();
                }
                catch (CsvFormatException e) when (options.SkipBadRows)
                {
                    skipped.Add($"{path}:{e.LineNumber}: {e.Message}");
                    continue;
                }
                if (!more)
                    break;
                var line = csv.LineNumber;
                var text = csv.GetString(textColumn);
                var label = csv.GetString(labelColumn).Trim();
                var problem = Problem(text, label, options);
                if (problem is not null)
                {
                    var message = $"{path}:{line}: {problem}";
                    if (!options.SkipBadRows)
                        throw new DataException(message);
                    skipped.Add(message);
                    continue;
                }
                examples.Add(new LabeledText(options.Clean ? TextCleaning.Clean(text) : text, label, path, line));
            }
        }
        catch (CsvFormatException e)
        {
            throw new DataException($"{path}:{e.LineNumber}: the row does not parse as CSV: {e.Message}", e);
        }
        catch (Exception e) when (e is IOException or InvalidDataException)
        {
            throw new DataException($"{path}: cannot read the data file: {e.Message}", e);
        }
        return new TextDataset(examples, skipped.Count, skipped);
    }

    /// <summary>The texts of column <paramref name="textColumn"/> (unlabelled data, for prediction).</summary>
    public static List<string> ReadTexts(string path, string textColumn)
    {
        try
        {
            using var csv = CsvReader.Create(Open(path), new CsvReaderOptions { TrackLineNumbers = true, MalformedData = CsvMalformedDataHandling.Throw }, false);
            csv.ReadHeader();
            int column = Column(csv, path, textColumn, "text");
            var texts = new List<string>();
            while (csv.Read())
                texts.Add(csv.GetString(column));
            return texts;
        }
        catch (CsvFormatException e)
        {
            throw new DataException($"{path}:{e.LineNumber}: the row does not parse as CSV: {e.Message}", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DataException($"{path}: cannot read the data file: {e.Message}", e);
        }
    }

    /// <summary>Opens a CSV file, decompressing it when its name ends in .gz.</summary>
    private static Stream Open(string path)
    {
        try
        {
            Stream stream = File.OpenRead(path);
            return path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(stream, CompressionMode.Decompress) : stream;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DataException($"{path}: cannot read the data file: {e.Message}", e);
        }
    }

    internal static string? Problem(string text, string label, TextDataOptions options)
    {
        if (string.IsNullOrWhiteSpace(text))
            return "the text is empty";
        if (label.Length == 0)
            return "the label is empty";
        if (options.KnownLabels is { } known && !known.Contains(label))
            return $"the label \"{label}\" is not one of {string.Join(", ", known)}";
        return null;
    }

    private static int Column(CsvReader csv, string path, string name, string role)
    {
        if (csv.TryGetFieldIndex(name, out int index))
            return index;
        throw new DataException($"{path}: has no {role} column \"{name}\"; its header has {string.Join(", ", csv.Headers.Select(h => $"\"{h}\""))}");
    }
}
