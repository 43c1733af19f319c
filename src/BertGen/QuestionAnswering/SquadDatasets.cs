using System.Text.Json;
using BertGen.Data;

namespace BertGen.QuestionAnswering;

/// <summary>What reading a SQuAD file gave: the questions, and those skipped as bad (when skipping was asked for).</summary>
public sealed record SquadDataset(IReadOnlyList<SquadExample> Examples, int Articles, int SkippedQuestions, IReadOnlyList<string> SkippedReasons);

/// <summary>
/// Reads SQuAD v1.1 and v2.0 JSON (plain or .gz): <c>data[].paragraphs[].qas[]</c> with <c>answers[]</c> of
/// <c>text</c> and <c>answer_start</c>, and v2.0's <c>is_impossible</c>. Every answer is checked against its context;
/// a question that cannot be used is an error naming the file and its JSON path, or with skipping, a counted skip.
/// </summary>
public static class SquadDatasets
{
    public static SquadDataset Read(string path, bool skipBadQuestions = false)
    {
        JsonDocument document;
        try
        {
            // Decoded strictly first: JsonDocument checks UTF-8 only when a string is read, and then not with the file's name.
            using var reader = new StreamReader(DataFiles.Open(path), new System.Text.UTF8Encoding(false, true), detectEncodingFromByteOrderMarks: true);
            document = JsonDocument.Parse(reader.ReadToEnd());
        }
        catch (System.Text.DecoderFallbackException e)
        {
            throw new DataException($"{path}: not UTF-8 text: {e.Message}", e);
        }
        catch (JsonException e)
        {
            throw new DataException($"{path}: not valid JSON (line {e.LineNumber + 1}): {e.Message}", e);
        }
        catch (Exception e) when (e is IOException or InvalidDataException)
        {
            throw new DataException($"{path}: cannot read the data file: {e.Message}", e);
        }
        using (document)
        {
            var examples = new List<SquadExample>();
            var skipped = new List<string>();
            void Fail(string problem)
            {
                if (!skipBadQuestions)
                    throw new DataException($"{path}: {problem} (--skip-bad-rows skips such questions)");
                skipped.Add($"{path}: {problem}");
            }
            var data = Array(document.RootElement, "data", path, "$");
            for (int a = 0; a < data.Count; a++)
            {
                var paragraphs = Array(data[a], "paragraphs", path, $"data[{a}]");
                for (int p = 0; p < paragraphs.Count; p++)
                {
                    string at = $"data[{a}].paragraphs[{p}]";
                    var context = String(paragraphs[p], "context", path, at);
                    var questions = Array(paragraphs[p], "qas", path, at);
                    for (int q = 0; q < questions.Count; q++)
                    {
                        string where = $"{at}.qas[{q}]";
                        var (example, problem) = Question(questions[q], context, a, where, path);
                        if (problem is not null)
                            Fail($"{where}: {problem}");
                        else
                            examples.Add(example!);
                    }
                }
            }
            if (examples.Count == 0)
                throw new DataException($"{path}: holds no question{(skipped.Count > 0 ? $" ({skipped.Count} skipped as bad; the first: {skipped[0]})" : "")}");
            return new SquadDataset(examples, data.Count, skipped.Count, skipped);
        }
    }

    /// <summary>
    /// Splits by article with a seeded shuffle of the articles, so no article has questions on both sides; about
    /// <paramref name="fraction"/> of the articles (at least one) are held out.
    /// </summary>
    public static (List<SquadExample> Train, List<SquadExample> Validation) SplitByArticle(IReadOnlyList<SquadExample> examples, double fraction, int seed)
    {
        var articles = examples.Select(e => e.Article).Distinct().ToList();
        var (_, held) = SeededSplit.Split(articles, fraction, seed, "the articles");
        var heldOut = held.ToHashSet();
        return (examples.Where(e => !heldOut.Contains(e.Article)).ToList(), examples.Where(e => heldOut.Contains(e.Article)).ToList());
    }

    private static (SquadExample? Example, string? Problem) Question(JsonElement question, string context, int article, string where, string path)
    {
        var id = String(question, "id", path, where);
        var text = String(question, "question", path, where);
        bool impossible = question.TryGetProperty("is_impossible", out var flag) && flag.ValueKind == JsonValueKind.True;
        if (string.IsNullOrWhiteSpace(text))
            return (null, "the question is empty");
        var answers = new List<SquadAnswer>();
        var list = Array(question, "answers", path, where);
        for (int i = 0; i < list.Count; i++)
        {
            var answerText = String(list[i], "text", path, $"{where}.answers[{i}]");
            if (!list[i].TryGetProperty("answer_start", out var start) || !start.TryGetInt32(out int offset))
                return (null, $"answers[{i}] has no whole-number \"answer_start\"");
            if (offset < 0 || offset + answerText.Length > context.Length || string.CompareOrdinal(context, offset, answerText, 0, answerText.Length) != 0)
            {
                var found = offset >= 0 && offset < context.Length ? context.Substring(offset, Math.Min(answerText.Length, context.Length - offset)) : "";
                return (null, $"answers[{i}] \"{answerText}\" does not match its context at answer_start {offset} (the context has \"{found}\" there)");
            }
            answers.Add(new SquadAnswer(answerText, offset));
        }
        if (answers.Count == 0 && !impossible)
            return (null, "has no answer and is not marked is_impossible");
        return (new SquadExample(id, text, context, answers, impossible, article, $"{path}: {where}"), null);
    }

    private static List<JsonElement> Array(JsonElement parent, string name, string path, string at) =>
        parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array
            ? [.. value.EnumerateArray()]
            : throw new DataException($"{path}: {at} has no list \"{name}\"");

    private static string String(JsonElement parent, string name, string path, string at) =>
        parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw new DataException($"{path}: {at} has no string \"{name}\"");
}
