using BertGen.Training;

namespace BertGen.Tests.Infrastructure;

/// <summary>Interrupts a training run after an epoch, as Ctrl+C would, to test resuming.</summary>
internal sealed class CancelAfterEpoch(int epoch, CancellationTokenSource source) : ITrainingProgress
{
    public void Message(string text) { }
    public void EpochStarted(int e, int epochs, int trainingBatches) { }
    public void TrainingBatchDone(int e, int batch, double loss, long tokens) { }
    public void EvaluationStarted(int e, int batches) { }
    public void EvaluationBatchDone(int e, int batch) { }

    public void EpochDone(IEpochSummary summary, bool best)
    {
        if (summary.Epoch == epoch)
            source.Cancel();
    }
}
