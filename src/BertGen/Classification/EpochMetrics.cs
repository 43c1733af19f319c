using System.Text.Json.Serialization;
using BertGen.Training;

namespace BertGen.Classification;

/// <summary>One single-label classification epoch's figures, as written to metrics.json and metrics.csv.</summary>
public sealed record EpochMetrics : EpochSummary
{
    [JsonPropertyName("val_loss")] public double ValidationLoss { get; init; }
    [JsonPropertyName("val_accuracy")] public double ValidationAccuracy { get; init; }
    [JsonPropertyName("macro_f1")] public double MacroF1 { get; init; }
    [JsonPropertyName("per_class")] public required IReadOnlyList<ClassMetrics> PerClass { get; init; }
    [JsonPropertyName("confusion_matrix")] public required int[][] ConfusionMatrix { get; init; }

    /// <summary>Precision, recall, F1 and support of each class.</summary>
    [JsonIgnore]
    public EpochTable Detail => ClassMetrics.Table(PerClass);

    public override IReadOnlyList<EpochFigure> Figures() => WithTrainingFigures(
    [
        new("val_loss", ValidationLoss, "F4", PlotAxis.Loss),
        new("val_accuracy", ValidationAccuracy, "P2", PlotAxis.Accuracy),
        new("macro_f1", MacroF1, "F4"),
        .. PerClass.SelectMany(c => new EpochFigure[]
        {
            new($"precision_{c.Label}", c.Precision, "F4", InTable: false),
            new($"recall_{c.Label}", c.Recall, "F4", InTable: false),
            new($"f1_{c.Label}", c.F1, "F4", InTable: false),
        }),
    ]);
}
