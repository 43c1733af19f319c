using System.Text.Json.Serialization;

namespace BertGen.Training;

/// <summary>One epoch's figures, as written to metrics.json and metrics.csv.</summary>
public sealed record EpochMetrics
{
    [JsonPropertyName("epoch")] public int Epoch { get; init; }
    [JsonPropertyName("train_loss")] public double TrainLoss { get; init; }
    [JsonPropertyName("val_loss")] public double ValidationLoss { get; init; }
    [JsonPropertyName("val_accuracy")] public double ValidationAccuracy { get; init; }
    [JsonPropertyName("macro_f1")] public double MacroF1 { get; init; }
    [JsonPropertyName("per_class")] public required IReadOnlyList<ClassMetrics> PerClass { get; init; }
    [JsonPropertyName("confusion_matrix")] public required int[][] ConfusionMatrix { get; init; }
    [JsonPropertyName("learning_rate")] public double LearningRate { get; init; }
    [JsonPropertyName("seconds")] public double Seconds { get; init; }

    /// <summary>Positions the model computed over in training (padding included).</summary>
    [JsonPropertyName("tokens_processed")] public long TokensProcessed { get; init; }

    /// <summary>Positions holding text in training (padding excluded).</summary>
    [JsonPropertyName("real_tokens")] public long RealTokens { get; init; }

    [JsonPropertyName("resident_mb")] public double ResidentMegabytes { get; init; }
    [JsonPropertyName("peak_resident_mb")] public double PeakResidentMegabytes { get; init; }
}
