using System.Text.Json;
using System.Text.Json.Nodes;

namespace BertGen.Checkpoints;

/// <summary>
/// The <c>bertgen_prediction.json</c> of a model folder: how the model's outputs were turned into predictions when
/// it was trained and validated, so that <c>predict</c> and <c>evaluate</c> decide as validation did. Today that is the
/// multi-label threshold, which Hugging Face's configuration has no field for. A file of its own, beside
/// <see cref="PreprocessingRecord"/>, for the same reasons; Hugging Face ignores it.
/// </summary>
internal static class PredictionRecord
{
    private const int Version = 1;
    private const string VersionField = "bertgen_prediction_version", ThresholdField = "multi_label_threshold";

    public static string ToJson(double multiLabelThreshold) => new JsonObject
    {
        [VersionField] = Version,
        [ThresholdField] = multiLabelThreshold,
    }.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";

    /// <summary>The multi-label threshold recorded in <paramref name="path"/>.</summary>
    /// <exception cref="CheckpointException">The file is not a record this version of BertGen can apply exactly.</exception>
    public static double ReadThreshold(string path)
    {
        var record = RecordFile.Read(path, VersionField, Version, [ThresholdField], $"\"{ThresholdField}\"");
        if (record[ThresholdField] is not JsonValue value || !value.TryGetValue(out double threshold) || !(threshold > 0 && threshold < 1))
            throw new CheckpointException($"{path}: \"{ThresholdField}\" must be a probability between 0 and 1 (got {record[ThresholdField]?.ToJsonString() ?? "nothing"})");
        return threshold;
    }
}
