using System.Text;
using System.Text.Json;
using BertGen.Data;

namespace BertGen.TokenClassification;

/// <summary>
/// Reads tagged sentences: CoNLL files (<c>word POS chunk NER</c> per line, a blank line between sentences,
/// <c>-DOCSTART-</c> lines between documents; plain or .gz) or JSON Lines (<c>.jsonl</c>: a list of words and a list of
/// tags per line). Tags are checked against their scheme and converted to IOB2.
/// </summary>
public static class TaggedDatasets
{
    public static TaggedDataset Read(string path, TaggedDataOptions? options = null)
    {
        options ??= new TaggedDataOptions();
        var sentences = new List<TaggedSentence>();
        var skipped = new List<string>();
        var raw = DataFiles.IsJsonLines(path) ? ReadJsonLines(path, options, skipped) : ReadConll(path, options, skipped);
        foreach (var (words, tags, line) in raw)
        {
            var (converted, problem) = TagSchemes.ToIob2(tags, options.Scheme);
            if (problem is not null)
                Fail(options, skipped, $"{path}:{line}: {problem}");
            else
                sentences.Add(new TaggedSentence(words, converted!, path, line));
        }
        if (sentences.Count == 0)
            throw new DataException($"{path}: holds no tagged sentence{(skipped.Count > 0 ? $" ({skipped.Count} skipped as bad; the first: {skipped[0]})" : "")}");
        return new TaggedDataset(sentences, skipped.Count, skipped);
    }

    // A sentence is the lines between blank lines; its line is that of its first word.
    private static IEnumerable<(List<string> Words, List<string> Tags, long Line)> ReadConll(string path, TaggedDataOptions options, List<string> skipped)
    {
        var (words, tags) = (new List<string>(), new List<string>());
        long first = 0;
        bool bad = false;
        // A null line after the last one closes the final sentence.
        foreach (var (number, text) in DataFiles.Lines(path).Append((0L, null!)))
        {
            if (text is null || string.IsNullOrWhiteSpace(text) || text.StartsWith("-DOCSTART-", StringComparison.Ordinal))
            {
                if (words.Count > 0 && !bad)
                    yield return (words, tags, first);
                (words, tags, bad) = ([], [], false);
                continue;
            }
            if (words.Count == 0)
                first = number;
            var columns = text.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            int column = options.TagColumn < 0 ? columns.Length + options.TagColumn : options.TagColumn;
            if (columns.Length < 2 || column <= 0 || column >= columns.Length)
            {
                if (!bad)
                    Fail(options, skipped, $"{path}:{number}: has {columns.Length} column{(columns.Length == 1 ? "" : "s")}; expected the word first and the tag in column {options.TagColumn} (word POS chunk NER)");
                bad = true;
                continue;
            }
            words.Add(columns[0]);
            tags.Add(columns[column]);
        }
    }

    private static IEnumerable<(List<string> Words, List<string> Tags, long Line)> ReadJsonLines(string path, TaggedDataOptions options, List<string> skipped)
    {
        foreach (var (number, text) in DataFiles.Lines(path))
        {
            if (string.IsNullOrWhiteSpace(text))
                continue;
            var (words, tags, problem) = ParseJson(text, options);
            if (problem is not null)
                Fail(options, skipped, $"{path}:{number}: {problem}");
            else
                yield return (words!, tags!, number);
        }
    }

    private static (List<string>? Words, List<string>? Tags, string? Problem) ParseJson(string line, TaggedDataOptions options)
    {
        try
        {
            using var document = JsonDocument.Parse(line);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                return (null, null, "expected a JSON object");
            var (words, wordsProblem) = Strings(document.RootElement, options.TokensField);
            var (tags, tagsProblem) = Strings(document.RootElement, options.TagsField);
            if ((wordsProblem ?? tagsProblem) is { } problem)
                return (null, null, problem);
            if (words!.Count == 0)
                return (null, null, $"\"{options.TokensField}\" is empty; expected the sentence's words");
            if (words.Count != tags!.Count)
                return (null, null, $"has {words.Count} words but {tags.Count} tags");
            return (words, tags, null);
        }
        catch (JsonException e)
        {
            return (null, null, $"the line is not valid JSON: {e.Message}");
        }
    }

    private static (List<string>? Values, string? Problem) Strings(JsonElement root, string field)
    {
        if (!root.TryGetProperty(field, out var value) || value.ValueKind != JsonValueKind.Array)
            return (null, $"has no list \"{field}\"");
        var values = new List<string>();
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String || string.IsNullOrEmpty(item.GetString()))
                return (null, $"\"{field}\"[{values.Count}] is {item.GetRawText()}; expected a non-empty string");
            values.Add(item.GetString()!);
        }
        return (values, null);
    }

    private static void Fail(TaggedDataOptions options, List<string> skipped, string problem)
    {
        if (!options.SkipBadRows)
            throw new DataException(problem + " (--skip-bad-rows skips such sentences)");
        skipped.Add(problem);
    }
}
