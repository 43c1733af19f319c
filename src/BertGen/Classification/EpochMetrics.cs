using BertGen.Training;
using System.Globalization;
using System.Text.Json.Serialization;

namespace BertGen.Classification;

/// <summary>One fine-tuning epoch's figures, as written to metrics.json and metrics.csv.</summary>
public sealed record EpochMetrics : IEpochSummary
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

    /// <summary>Precision, recall, F1 and support of each class.</summary>
    [JsonIgnore]
    public EpochTable Detail => new(
        ["label", "precision", "recall", "F1", "support"],
        PerClass.Select(c => (IReadOnlyList<string>)[c.Label, F(c.Precision), F(c.Recall), F(c.F1), c.Support.ToString(CultureInfo.InvariantCulture)]).ToList());

    private static string F(double value) => value.ToString("F4", CultureInfo.InvariantCulture);

    public IReadOnlyList<EpochFigure> Figures() =>
    [
        new("train_loss", TrainLoss, "F4", PlotAxis.Loss),
        new("val_loss", ValidationLoss, "F4", PlotAxis.Loss),
        new("val_accuracy", ValidationAccuracy, "P2", PlotAxis.Accuracy),
        new("macro_f1", MacroF1, "F4"),
        .. PerClass.SelectMany(c => new EpochFigure[]
        {
            new($"precision_{c.Label}", c.Precision, "F4", InTable: false),
            new($"recall_{c.Label}", c.Recall, "F4", InTable: false),
            new($"f1_{c.Label}", c.F1, "F4", InTable: false),
        }),
        new("learning_rate", LearningRate, "E2", InTable: false),
        new("seconds", Seconds, "F1"),
        new("tokens_processed", TokensProcessed, "N0"),
        new("padding", 1 - (double)RealTokens / Math.Max(1, TokensProcessed), "P1"),
        new("real_tokens", RealTokens, "N0", InTable: false),
        new("resident_mb", ResidentMegabytes, "N0", InTable: false),
        new("peak_resident_mb", PeakResidentMegabytes, "N0"),
    ];
}
