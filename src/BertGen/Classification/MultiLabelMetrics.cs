using System.Text.Json.Serialization;
using BertGen.Training;

namespace BertGen.Classification;

/// <summary>One multi-label epoch's figures: held-out binary cross-entropy, micro and macro F1, exact match and per-class scores.</summary>
public sealed record MultiLabelMetrics : EpochSummary
{
    [JsonPropertyName("val_loss")] public double ValidationLoss { get; init; }
    [JsonPropertyName("micro_f1")] public double MicroF1 { get; init; }
    [JsonPropertyName("macro_f1")] public double MacroF1 { get; init; }
    [JsonPropertyName("exact_match")] public double ExactMatch { get; init; }
    [JsonPropertyName("threshold")] public double Threshold { get; init; }
    [JsonPropertyName("per_class")] public required IReadOnlyList<ClassMetrics> PerClass { get; init; }

    /// <summary>Precision, recall, F1 and support of each class.</summary>
    [JsonIgnore]
    public EpochTable Detail => ClassMetrics.Table(PerClass);

    public override IReadOnlyList<EpochFigure> Figures() => WithTrainingFigures(
    [
        new("val_loss", ValidationLoss, "F4", PlotAxis.Loss),
        new("micro_f1", MicroF1, "F4", PlotAxis.Accuracy),
        new("macro_f1", MacroF1, "F4", PlotAxis.Accuracy),
        new("exact_match", ExactMatch, "P2", PlotAxis.Accuracy),
        .. PerClass.Select(c => new EpochFigure($"f1_{c.Label}", c.F1, "F4", InTable: false)),
    ]);
}
