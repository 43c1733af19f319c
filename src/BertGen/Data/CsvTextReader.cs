using System.Globalization;
using CsvHelper;

namespace BertGen.Data;

/// <summary>
/// Reads labelled texts from a delimited file with CsvHelper: CSV with RFC 4180 quoting, or tab-separated
/// without quote processing (<c>.tsv</c>, a tab <see cref="TextDataOptions.Delimiter"/>, or a detected tab),
/// plain or gzipped, with a header or with columns by 0-based index. A UTF-8 byte order mark is skipped.
/// </summary>
public static class CsvTextReader
{
    /// <summary>Reads the text and label columns of <paramref name="path"/>.</summary>
    /// <exception cref="DataException">A row that cannot be used; the message names the file, line and problem.</exception>
    public static TextDataset Read(string path, TextDataOptions? options = null)
    {
        options ??= TextDataOptions.Default;
        var examples = new List<LabeledText>();
        var skipped = new List<string>();
        try
        {
            using var csv = Open(path, options, strictFieldCount: true);
            int textColumn = Column(csv, path, options, options.TextColumn, "text");
            int labelColumn = Column(csv, path, options, options.LabelColumn, "label");
            int? pairColumn = options.TextPairColumn is { } pairName ? Column(csv, path, options, pairName, "text pair") : null;
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
                var problem = MissingColumn(csv, textColumn, labelColumn) ?? (pairColumn is { } p && p >= csv.FieldCount ? $"the row has {csv.FieldCount} fields; column {p} (text pair) is missing" : null)
                    ?? NotUtf8(csv, (textColumn, "text"), (labelColumn, "label"), (pairColumn ?? -1, "text pair"));
                var text = problem is null ? csv.GetString(textColumn) : "";
                var label = problem is null ? csv.GetString(labelColumn).Trim() : "";
                var pair = problem is null && pairColumn is { } pc ? csv.GetString(pc) : null;
                problem ??= Problem(text, label, options) ?? (pair is not null && string.IsNullOrWhiteSpace(pair) ? "the text pair is empty" : null);
                if (problem is not null)
                {
                    var message = $"{path}:{line}: {problem}";
                    if (!options.SkipBadRows)
                        throw new DataException(message);
                    skipped.Add(message);
                    continue;
                }
                examples.Add(new LabeledText(Clean(text, options), label, path, line, pair is null ? null : Clean(pair, options)));
            }
        }
        catch (CsvFormatException e)
        {
            throw new DataException($"{path}:{e.LineNumber}: the row does not parse as {FormatName(path, options)}: {e.Message}", e);
        }
        catch (Exception e) when (e is IOException or InvalidDataException)
        {
            throw new DataException($"{path}: cannot read the data file: {e.Message}", e);
        }
        return new TextDataset(examples, skipped.Count, skipped);
    }

    /// <summary>The texts of column <paramref name="textColumn"/> of a file with a header (unlabelled data, for prediction).</summary>
    public static List<string> ReadTexts(string path, string textColumn) =>
        ReadTexts(path, new TextDataOptions { TextColumn = textColumn, Clean = false });

    /// <summary>
    /// The texts of <see cref="TextDataOptions.TextColumn"/> (unlabelled data, for prediction), cleaned when
    /// <see cref="TextDataOptions.Clean"/> is set; the label column is not read.
    /// </summary>
    public static List<string> ReadTexts(string path, TextDataOptions options)
    {
        try
        {
            using var csv = Open(path, options, strictFieldCount: false);
            int column = Column(csv, path, options, options.TextColumn, "text");
            var texts = new List<string>();
            while (csv.Read())
            {
                if (column >= csv.FieldCount)
                {
                    var message = $"{path}:{csv.LineNumber}: the row has {csv.FieldCount} fields; there is no text column {column}";
                    if (!options.SkipBadRows)
                        throw new DataException(message);
                    continue;
                }
                if (NotUtf8(csv, (column, "text")) is { } notUtf8)
                {
                    var message = $"{path}:{csv.LineNumber}: {notUtf8}";
                    if (!options.SkipBadRows)
                        throw new DataException(message);
                    continue;
                }
                var text = csv.GetString(column);
                texts.Add(options.Clean ? TextCleaning.Clean(text) : text);
            }
            return texts;
        }
        catch (CsvFormatException e)
        {
            throw new DataException($"{path}:{e.LineNumber}: the row does not parse as {FormatName(path, options)}: {e.Message}", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            throw new DataException($"{path}: cannot read the data file: {e.Message}", e);
        }
    }

    /// <summary>
    /// A reader for the file's separator: the one asked for, a tab for <c>.tsv</c>, or the one CsvHelper detects.
    /// A tab-separated file is read with <see cref="CsvMode.NoEscape"/>: quotes are literal text there.
    /// </summary>
    private static CsvReader Open(string path, TextDataOptions options, bool strictFieldCount)
    {
        char separator = options.Delimiter ?? (DataFiles.IsTabSeparated(path) ? '\t' : Detect(path, options));
        var csvOptions = new CsvReaderOptions
        {
            Separator = separator,
            Mode = separator == '\t' ? CsvMode.NoEscape : CsvMode.Rfc4180,
            HasHeader = options.HasHeader,
            TrackLineNumbers = true,
            MalformedData = CsvMalformedDataHandling.Throw,
            FieldCountMismatch = strictFieldCount ? CsvFieldCountHandling.Throw : CsvFieldCountHandling.Allow,
        };
        var csv = CsvReader.Create(DataFiles.Open(path), csvOptions, false);
        try
        {
            csv.ReadHeader();
            return csv;
        }
        catch
        {
            csv.Dispose();
            throw;
        }
    }

    private static char Detect(string path, TextDataOptions options)
    {
        using var csv = CsvReader.Create(DataFiles.Open(path), new CsvReaderOptions { HasHeader = options.HasHeader }, false);
        return csv.Separator;
    }

    private static string Clean(string text, TextDataOptions options) => options.Clean ? TextCleaning.Clean(text) : text;

    private static string FormatName(string path, TextDataOptions options) =>
        options.Delimiter == '\t' || DataFiles.IsTabSeparated(path) ? "tab-separated values" : "CSV";

    private static string? MissingColumn(CsvReader csv, int textColumn, int labelColumn)
    {
        int needed = Math.Max(textColumn, labelColumn) + 1;
        return csv.FieldCount >= needed ? null
            : $"the row has {csv.FieldCount} fields; column {(textColumn >= csv.FieldCount ? textColumn : labelColumn)} ({(textColumn >= csv.FieldCount ? "text" : "label")}) is missing";
    }

    /// <summary>
    /// Which of the given fields (index, role; a negative index is skipped) is not valid UTF-8, named with the byte
    /// where it stops being so. CsvHelper would decode such bytes to U+FFFD and change the text without a word.
    /// </summary>
    private static string? NotUtf8(CsvReader csv, params (int Column, string Role)[] fields)
    {
        foreach (var (column, role) in fields)
        {
            if (column < 0)
                continue;
            var bytes = csv.GetSpan(column);
            if (!System.Text.Unicode.Utf8.IsValid(bytes))
            {
                System.Text.Unicode.Utf8.ToUtf16(bytes, new char[bytes.Length], out int valid, out _, replaceInvalidSequences: false);
                return $"the {role} (column {column}) is not valid UTF-8: byte {valid + 1} of the field (0x{bytes[valid]:X2}) starts no character; save the file as UTF-8";
            }
        }
        return null;
    }

    internal static string? Problem(string text, string label, TextDataOptions options)
    {
        if (string.IsNullOrWhiteSpace(text))
            return "the text is empty";
        if (text.IndexOf('\0') is int nul and >= 0)
            return $"the text holds a NUL character (U+0000) at character {nul + 1}: binary data, not text";
        if (label.Length == 0)
            return "the label is empty";
        if (options.KnownLabels is { } known && !known.Contains(label))
            return $"the label \"{label}\" is not one of {string.Join(", ", known)}";
        return null;
    }

    /// <summary>The index of a column named in the header, or given as a 0-based index when the file has none.</summary>
    private static int Column(CsvReader csv, string path, TextDataOptions options, string name, string role)
    {
        if (!options.HasHeader)
        {
            if (int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out int index))
                return index;
            throw new DataException($"{path}: is read without a header, so the {role} column must be a 0-based column index (0, 1, ...), not \"{name}\"");
        }
        if (csv.TryGetFieldIndex(name, out int found))
            return found;
        throw new DataException($"{path}: has no {role} column \"{name}\"; its header has {string.Join(", ", csv.Headers.Select(h => $"\"{h}\""))}");
    }
}
