namespace BertGen.Training;

/// <summary>What the trainer reports while it works (progress bars, logs).</summary>
public interface ITrainingProgress
{
    void Message(string text);

    void EpochStarted(int epoch, int epochs, int trainingBatches);

    void TrainingBatchDone(int epoch, int batch, double loss, long tokens);

    void EvaluationStarted(int epoch, int batches);

    void EvaluationBatchDone(int epoch, int batch);

    void EpochDone(IEpochSummary summary, bool best);
}

/// <summary>Reports nothing.</summary>
public sealed class SilentProgress : ITrainingProgress
{
    public static SilentProgress Instance { get; } = new();
    public void Message(string text) { }
    public void EpochStarted(int epoch, int epochs, int trainingBatches) { }
    public void TrainingBatchDone(int epoch, int batch, double loss, long tokens) { }
    public void EvaluationStarted(int epoch, int batches) { }
    public void EvaluationBatchDone(int epoch, int batch) { }
    public void EpochDone(IEpochSummary summary, bool best) { }
}
