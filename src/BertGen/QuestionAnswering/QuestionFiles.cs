using System.Text;
using System.Text.Json;
using BertGen.Data;

namespace BertGen.QuestionAnswering;

/// <summary>
/// Questions to answer, from a file: JSON Lines of <c>{"id": ..., "question": ..., "context": ...}</c> (the id
/// optional; the line number stands in), or a SQuAD JSON file (its answers checked but not needed). Plain or .gz.
/// </summary>
public static class QuestionFiles
{
    /// <exception cref="DataException">A line or question that cannot be used, named by file and line or JSON path.</exception>
    public static List<SquadExample> Read(string path)
    {
        if (!DataFiles.IsJsonLines(path))
            return [.. SquadDatasets.Read(path).Examples];
        var questions = new List<SquadExample>();
        foreach (var (number, line) in DataFiles.Lines(path))
        {
            if (string.IsNullOrWhiteSpace(line))
                continue;
            string where = $"{path}:{number}";
            try
            {
                using var document = JsonDocument.Parse(line);
                var root = document.RootElement;
                if (root.ValueKind != JsonValueKind.Object)
                    throw new DataException($"{where}: expected a JSON object with \"question\" and \"context\"");
                string id = root.TryGetProperty("id", out var given) && given.ValueKind is JsonValueKind.String or JsonValueKind.Number ? given.ToString() : $"{number}";
                questions.Add(new SquadExample(id, Text(root, "question", where), Text(root, "context", where), [], false, 0, where));
            }
            catch (JsonException e)
            {
                throw new DataException($"{where}: the line is not valid JSON: {e.Message}", e);
            }
        }
        if (questions.Count == 0)
            throw new DataException($"{path}: holds no question");
        return questions;
    }

    private static string Text(JsonElement root, string field, string where) =>
        root.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(value.GetString())
            ? value.GetString()!
            : throw new DataException($"{where}: \"{field}\" must be a non-empty string (got {(root.TryGetProperty(field, out var bad) ? bad.GetRawText() : "nothing")})");
}
