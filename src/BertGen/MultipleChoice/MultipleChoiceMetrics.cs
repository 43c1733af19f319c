using System.Text.Json.Serialization;
using BertGen.Training;

namespace BertGen.MultipleChoice;

/// <summary>One multiple-choice epoch's figures: held-out loss and accuracy (the share of examples whose right choice scored highest).</summary>
public sealed record MultipleChoiceMetrics : EpochSummary
{
    [JsonPropertyName("val_loss")] public double ValidationLoss { get; init; }
    [JsonPropertyName("val_accuracy")] public double ValidationAccuracy { get; init; }

    public override IReadOnlyList<EpochFigure> Figures() => WithTrainingFigures(
    [
        new("val_loss", ValidationLoss, "F4", PlotAxis.Loss),
        new("val_accuracy", ValidationAccuracy, "P2", PlotAxis.Accuracy),
    ]);
}
