using System.Text.Json.Serialization;
using BertGen.Training;

namespace BertGen.Pretraining;

/// <summary>One pretraining epoch: training loss, and masked-LM and next-sentence loss and accuracy on the held-out slice.</summary>
public sealed record PretrainingMetrics : IEpochSummary
{
    [JsonPropertyName("epoch")] public int Epoch { get; init; }
    [JsonPropertyName("train_loss")] public double TrainLoss { get; init; }
    [JsonPropertyName("val_mlm_loss")] public double MlmLoss { get; init; }
    [JsonPropertyName("val_mlm_accuracy")] public double MlmAccuracy { get; init; }
    [JsonPropertyName("val_nsp_loss")] public double? NspLoss { get; init; }
    [JsonPropertyName("val_nsp_accuracy")] public double? NspAccuracy { get; init; }
    [JsonPropertyName("learning_rate")] public double LearningRate { get; init; }
    [JsonPropertyName("seconds")] public double Seconds { get; init; }
    [JsonPropertyName("tokens_processed")] public long TokensProcessed { get; init; }
    [JsonPropertyName("peak_resident_mb")] public double PeakResidentMegabytes { get; init; }

    public IReadOnlyList<EpochFigure> Figures() =>
    [
        new("train_loss", TrainLoss, "F4", PlotAxis.Loss),
        new("val_mlm_loss", MlmLoss, "F4", PlotAxis.Loss),
        new("val_mlm_accuracy", MlmAccuracy, "P2", PlotAxis.Accuracy),
        .. NspLoss is { } nspLoss ? new EpochFigure[] { new("val_nsp_loss", nspLoss, "F4", PlotAxis.Loss), new("val_nsp_accuracy", NspAccuracy ?? 0, "P2", PlotAxis.Accuracy) } : [],
        new("learning_rate", LearningRate, "E2", InTable: false),
        new("seconds", Seconds, "F1"),
        new("tokens_processed", TokensProcessed, "N0"),
        new("peak_resident_mb", PeakResidentMegabytes, "N0"),
    ];
}
