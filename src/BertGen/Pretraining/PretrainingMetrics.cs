using System.Text.Json.Serialization;
using BertGen.Training;

namespace BertGen.Pretraining;

/// <summary>One pretraining epoch: training figures, and masked-LM and next-sentence loss and accuracy on the held-out slice.</summary>
public sealed record PretrainingMetrics : EpochSummary
{
    [JsonPropertyName("val_mlm_loss")] public double MlmLoss { get; init; }
    [JsonPropertyName("val_mlm_accuracy")] public double MlmAccuracy { get; init; }
    [JsonPropertyName("val_nsp_loss")] public double? NspLoss { get; init; }
    [JsonPropertyName("val_nsp_accuracy")] public double? NspAccuracy { get; init; }

    public override IReadOnlyList<EpochFigure> Figures() => WithTrainingFigures(
    [
        new("val_mlm_loss", MlmLoss, "F4", PlotAxis.Loss),
        new("val_mlm_accuracy", MlmAccuracy, "P2", PlotAxis.Accuracy),
        .. NspLoss is { } nspLoss ? new EpochFigure[] { new("val_nsp_loss", nspLoss, "F4", PlotAxis.Loss), new("val_nsp_accuracy", NspAccuracy ?? 0, "P2", PlotAxis.Accuracy) } : [],
    ]);
}
