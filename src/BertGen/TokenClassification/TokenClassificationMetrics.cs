using System.Text.Json.Serialization;
using BertGen.Classification;
using BertGen.Training;

namespace BertGen.TokenClassification;

/// <summary>One named-entity epoch's figures: held-out loss, entity precision, recall and F1 (micro, as seqeval), token accuracy, and each type's scores.</summary>
public sealed record TokenClassificationMetrics : EpochSummary
{
    [JsonPropertyName("val_loss")] public double ValidationLoss { get; init; }
    [JsonPropertyName("precision")] public double Precision { get; init; }
    [JsonPropertyName("recall")] public double Recall { get; init; }
    [JsonPropertyName("f1")] public double F1 { get; init; }
    [JsonPropertyName("accuracy")] public double Accuracy { get; init; }
    [JsonPropertyName("per_type")] public required IReadOnlyList<ClassMetrics> PerType { get; init; }

    /// <summary>Precision, recall, F1 and support of each entity type.</summary>
    [JsonIgnore]
    public EpochTable Detail => ClassMetrics.Table(PerType);

    public static TokenClassificationMetrics From(EntityScores scores, double validationLoss) => new()
    {
        ValidationLoss = validationLoss,
        Precision = scores.Micro.Precision,
        Recall = scores.Micro.Recall,
        F1 = scores.Micro.F1,
        Accuracy = scores.TokenAccuracy,
        PerType = scores.ByType.Select(t => new ClassMetrics(t.Type, t.Precision, t.Recall, t.F1, t.Support)).ToList(),
    };

    public override IReadOnlyList<EpochFigure> Figures() => WithTrainingFigures(
    [
        new("val_loss", ValidationLoss, "F4", PlotAxis.Loss),
        new("f1", F1, "F4", PlotAxis.Accuracy),
        new("precision", Precision, "F4"),
        new("recall", Recall, "F4"),
        new("accuracy", Accuracy, "P2", PlotAxis.Accuracy),
        .. PerType.Select(t => new EpochFigure($"f1_{t.Label}", t.F1, "F4", InTable: false)),
    ]);
}
