using System.Text;
using System.Text.Json;

namespace BertGen.Data;

/// <summary>
/// Reads labelled texts from JSON Lines (<c>.jsonl</c>, <c>.jsonl.gz</c>): one JSON object per line, the text and
/// the label in the fields named by <see cref="TextDataOptions.TextColumn"/> and <see cref="TextDataOptions.LabelColumn"/>.
/// A label may be a string, a number or a boolean (as written in the file: <c>1</c>, <c>true</c>). Blank lines are
/// ignored; a UTF-8 byte order mark is skipped.
/// </summary>
public static class JsonLinesTextReader
{
    /// <summary>Reads the text and label fields of every line of <paramref name="path"/>.</summary>
    /// <exception cref="DataException">
    /// A line that is not a JSON object, or lacks a field or has one of the wrong type (unless
    /// <see cref="TextDataOptions.SkipBadRows"/>); the message names the file, line and field.
    /// </exception>
    public static TextDataset Read(string path, TextDataOptions? options = null)
    {
        options ??= TextDataOptions.Default;
        var examples = new List<LabeledText>();
        var skipped = new List<string>();
        string[] names = options.TextPairColumn is { } pairField ? [options.TextColumn, options.LabelColumn, pairField] : [options.TextColumn, options.LabelColumn];
        foreach (var (line, fields) in Lines(path, options, names, skipped))
        {
            var pair = fields.Length > 2 ? fields[2] : null;
            var problem = CsvTextReader.Problem(fields[0], fields[1].Trim(), options) ?? (pair is not null && string.IsNullOrWhiteSpace(pair) ? "the text pair is empty" : null);
            if (problem is not null)
            {
                Fail(options, skipped, $"{path}:{line}: {problem}");
                continue;
            }
            examples.Add(new LabeledText(Clean(fields[0], options), fields[1].Trim(), path, line, pair is null ? null : Clean(pair, options)));
        }
        return new TextDataset(examples, skipped.Count, skipped);
    }

    /// <summary>The text field of every line (unlabelled data, for prediction), cleaned when <see cref="TextDataOptions.Clean"/> is set.</summary>
    public static List<string> ReadTexts(string path, TextDataOptions options) =>
        Lines(path, options, [options.TextColumn], []).Select(l => options.Clean ? TextCleaning.Clean(l.Fields[0]) : l.Fields[0]).ToList();

    /// <summary>The named fields of every non-blank line, as text; bad lines stop the read or, with <see cref="TextDataOptions.SkipBadRows"/>, are counted in <paramref name="skipped"/>.</summary>
    internal static IEnumerable<(long Line, string[] Fields)> Lines(string path, TextDataOptions options, string[] names, List<string> skipped)
    {
        foreach (var (number, text) in DataFiles.Lines(path))
        {
            if (string.IsNullOrWhiteSpace(text))
                continue;
            var (fields, problem) = Parse(text, names);
            if (problem is not null)
            {
                Fail(options, skipped, $"{path}:{number}: {problem}");
                continue;
            }
            yield return (number, fields!);
        }
    }

    private static (string[]? Fields, string? Problem) Parse(string line, string[] names)
    {
        try
        {
            using var document = JsonDocument.Parse(line);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                return (null, $"expected a JSON object, found {Describe(document.RootElement.ValueKind)}");
            var fields = new string[names.Length];
            for (int i = 0; i < names.Length; i++)
            {
                if (!document.RootElement.TryGetProperty(names[i], out var value))
                    return (null, $"has no field \"{names[i]}\"; its fields are {string.Join(", ", document.RootElement.EnumerateObject().Select(p => $"\"{p.Name}\""))}");
                var field = Value(value);
                if (field is null)
                    return (null, $"the field \"{names[i]}\" is {Describe(value.ValueKind)}; expected a string{(i > 0 ? ", a number or a boolean" : "")}");
                if (i == 0 && value.ValueKind != JsonValueKind.String)
                    return (null, $"the field \"{names[i]}\" is {Describe(value.ValueKind)}; expected a string");
                fields[i] = field;
            }
            return (fields, null);
        }
        catch (JsonException e)
        {
            return (null, $"the line is not valid JSON: {e.Message}");
        }
    }

    private static string? Value(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
        _ => null,
    };

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };

    private static void Fail(TextDataOptions options, List<string> skipped, string message)
    {
        if (!options.SkipBadRows)
            throw new DataException(message);
        skipped.Add(message);
    }

    private static string Clean(string text, TextDataOptions options) => options.Clean ? TextCleaning.Clean(text) : text;
}
