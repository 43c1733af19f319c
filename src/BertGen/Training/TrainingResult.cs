namespace BertGen.Training;

/// <summary>What a fine-tuning run produced.</summary>
public sealed record TrainingResult(IReadOnlyList<EpochMetrics> History, int BestEpoch, string OutputFolder, bool StoppedEarly);
