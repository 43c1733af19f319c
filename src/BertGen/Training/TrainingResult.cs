namespace BertGen.Training;

/// <summary>What a training run produced: every epoch's figures, the best epoch (saved in the output folder) and whether it stopped early.</summary>
public sealed record TrainingResult<TMetrics>(IReadOnlyList<TMetrics> History, int BestEpoch, string OutputFolder, bool StoppedEarly)
    where TMetrics : IEpochSummary
{
    /// <summary>The best epoch's figures.</summary>
    public TMetrics Best => History.First(h => h.Epoch == BestEpoch);
}
