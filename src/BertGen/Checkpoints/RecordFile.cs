using System.Text.Json;
using System.Text.Json.Nodes;

namespace BertGen.Checkpoints;

/// <summary>
/// Reads BertGen's own records in a model folder (<c>bertgen_*.json</c>): a JSON object with a version and only fields
/// this version knows, so that a record BertGen cannot apply exactly is refused rather than half applied.
/// </summary>
internal static class RecordFile
{
    /// <exception cref="CheckpointException">The file is not such an object; the message names the file and what is wrong.</exception>
    public static JsonObject Read(string path, string versionField, int version, IReadOnlyCollection<string> fields, string expected)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(File.ReadAllText(path), documentOptions: new JsonDocumentOptions { AllowDuplicateProperties = false });
        }
        catch (JsonException e)
        {
            throw new CheckpointException($"{path}: is not valid JSON: {e.Message}", e);
        }
        if (root is not JsonObject record)
            throw new CheckpointException($"{path}: expected a JSON object with {expected}");
        if (record.Select(p => p.Key).FirstOrDefault(k => k != versionField && !fields.Contains(k)) is { } unknown)
            throw new CheckpointException($"{path}: has the field \"{unknown}\", which this version of BertGen does not know; it applies only {string.Join(", ", [versionField, .. fields])}");
        if (record[versionField] is not JsonValue value || !value.TryGetValue(out int number) || number != version)
            throw new CheckpointException($"{path}: \"{versionField}\" must be {version} (got {record[versionField]?.ToJsonString() ?? "nothing"})");
        return record;
    }
}
