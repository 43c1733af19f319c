using System.Text.Json.Serialization;
using BertGen.Training;

namespace BertGen.Classification;

/// <summary>One regression epoch's figures: held-out MSE (the loss), RMSE, MAE, Pearson's and Spearman's correlations.</summary>
public sealed record RegressionMetrics : EpochSummary
{
    [JsonPropertyName("val_loss")] public double ValidationLoss { get; init; }
    [JsonPropertyName("pearson")] public double Pearson { get; init; }
    [JsonPropertyName("spearman")] public double Spearman { get; init; }
    [JsonPropertyName("rmse")] public double RootMeanSquaredError { get; init; }
    [JsonPropertyName("mae")] public double MeanAbsoluteError { get; init; }

    public override IReadOnlyList<EpochFigure> Figures() => WithTrainingFigures(
    [
        new("val_loss", ValidationLoss, "F4", PlotAxis.Loss),
        new("pearson", Pearson, "F4", PlotAxis.Accuracy),
        new("spearman", Spearman, "F4", PlotAxis.Accuracy),
        new("rmse", RootMeanSquaredError, "F4"),
        new("mae", MeanAbsoluteError, "F4"),
    ]);
}
