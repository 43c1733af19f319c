using System.Text.Json.Serialization;

namespace BertGen.Training;

/// <summary>
/// The figures every fine-tuning task's epoch has besides its scores: training loss, learning rate, time,
/// tokens and memory. A task's metrics record derives from it and adds its validation scores.
/// </summary>
public abstract record EpochSummary : IEpochSummary
{
    [JsonPropertyName("epoch")] public int Epoch { get; init; }
    [JsonPropertyName("train_loss")] public double TrainLoss { get; init; }
    [JsonPropertyName("learning_rate")] public double LearningRate { get; init; }
    [JsonPropertyName("seconds")] public double Seconds { get; init; }

    /// <summary>Positions the model computed over in training (padding included).</summary>
    [JsonPropertyName("tokens_processed")] public long TokensProcessed { get; init; }

    /// <summary>Positions holding text in training (padding excluded).</summary>
    [JsonPropertyName("real_tokens")] public long RealTokens { get; init; }

    [JsonPropertyName("resident_mb")] public double ResidentMegabytes { get; init; }
    [JsonPropertyName("peak_resident_mb")] public double PeakResidentMegabytes { get; init; }

    public abstract IReadOnlyList<EpochFigure> Figures();

    /// <summary>The training loss first, then <paramref name="scores"/> (the task's validation figures), then time, tokens and memory.</summary>
    protected IReadOnlyList<EpochFigure> WithTrainingFigures(IEnumerable<EpochFigure> scores) =>
    [
        new("train_loss", TrainLoss, "F4", PlotAxis.Loss),
        .. scores,
        new("learning_rate", LearningRate, "E2", InTable: false),
        new("seconds", Seconds, "F1"),
        new("tokens_processed", TokensProcessed, "N0"),
        new("padding", 1 - (double)RealTokens / Math.Max(1, TokensProcessed), "P1"),
        new("real_tokens", RealTokens, "N0", InTable: false),
        new("resident_mb", ResidentMegabytes, "N0", InTable: false),
        new("peak_resident_mb", PeakResidentMegabytes, "N0"),
    ];
}

public static class EpochSummaryExtensions
{
    /// <summary>A copy of <paramref name="metrics"/> with the training figures of <paramref name="training"/>.</summary>
    public static TMetrics WithTraining<TMetrics>(this TMetrics metrics, EpochTraining training) where TMetrics : EpochSummary =>
        (TMetrics)((EpochSummary)metrics with
        {
            Epoch = training.Epoch,
            TrainLoss = training.TrainLoss,
            LearningRate = training.LearningRate,
            Seconds = training.Seconds,
            TokensProcessed = training.PaddedTokens,
            RealTokens = training.RealTokens,
            ResidentMegabytes = training.ResidentMegabytes,
            PeakResidentMegabytes = training.PeakResidentMegabytes,
        });
}
