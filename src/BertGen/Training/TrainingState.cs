using System.Text.Json.Serialization;

namespace BertGen.Training;

/// <summary>Where a run stands after an epoch: what a resumed run needs besides the weights and optimizer state.</summary>
public sealed record TrainingState<TMetrics>
{
    [JsonPropertyName("epoch")] public int EpochsCompleted { get; init; }
    [JsonPropertyName("optimizer_steps")] public int OptimizerSteps { get; init; }
    [JsonPropertyName("best_epoch")] public int BestEpoch { get; init; }
    [JsonPropertyName("best_score")] public double BestScore { get; init; } = double.NegativeInfinity;
    [JsonPropertyName("epochs_without_improvement")] public int EpochsWithoutImprovement { get; init; }
    [JsonPropertyName("seed")] public int Seed { get; init; }
    [JsonPropertyName("batch_size")] public int BatchSize { get; init; }
    [JsonPropertyName("history")] public IReadOnlyList<TMetrics> History { get; init; } = [];

    /// <summary>
    /// The state after <paramref name="epoch"/> scored <paramref name="score"/> (higher is better); <paramref name="best"/>
    /// says whether it beat every earlier epoch.
    /// </summary>
    public TrainingState<TMetrics> AfterEpoch(int epoch, int optimizerSteps, TMetrics metrics, double score, out bool best)
    {
        best = score > BestScore;
        return this with
        {
            EpochsCompleted = epoch,
            OptimizerSteps = optimizerSteps,
            BestEpoch = best ? epoch : BestEpoch,
            BestScore = best ? score : BestScore,
            EpochsWithoutImprovement = best ? 0 : EpochsWithoutImprovement + 1,
            History = [.. History, metrics],
        };
    }
}
