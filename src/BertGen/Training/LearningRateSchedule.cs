namespace BertGen.Training;

/// <summary>Linear warm-up from 0 to the peak, then linear decay to 0 at the last optimizer step (SPEC §4).</summary>
public sealed class LearningRateSchedule(double peak, int totalSteps, int warmupSteps)
{
    public int TotalSteps { get; } = totalSteps;
    public int WarmupSteps { get; } = warmupSteps;

    public static LearningRateSchedule Create(double peak, int totalSteps, double warmupRatio) =>
        new(peak, totalSteps, (int)Math.Ceiling(totalSteps * warmupRatio));

    /// <summary>The schedule of a run over <paramref name="examples"/> examples: one optimizer step per
    /// <paramref name="accumulation"/> batches of <paramref name="batchSize"/>, the last partial ones included.</summary>
    public static LearningRateSchedule ForRun(double peak, int examples, int batchSize, int accumulation, int epochs, double warmupRatio)
    {
        int batchesPerEpoch = (examples + batchSize - 1) / batchSize;
        int stepsPerEpoch = (batchesPerEpoch + accumulation - 1) / accumulation;
        return Create(peak, stepsPerEpoch * epochs, warmupRatio);
    }

    /// <summary>The learning rate of optimizer step <paramref name="step"/> (0-based).</summary>
    public double At(int step) =>
        step < WarmupSteps ? peak * step / WarmupSteps
        : peak * Math.Max(0.0, (double)(TotalSteps - step) / Math.Max(1, TotalSteps - WarmupSteps));
}
