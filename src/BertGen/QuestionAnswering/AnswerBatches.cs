using BertGen.Data;
using BertGen.Modeling;
using static TorchSharp.torch;

namespace BertGen.QuestionAnswering;

/// <summary>How question windows become tensors, and the model's start and end scores back, for training, evaluation and prediction.</summary>
public static class AnswerBatches
{
    /// <summary>
    /// Pads the windows to one length (rounded up to <paramref name="padToMultipleOf"/>, never past
    /// <paramref name="maxLength"/> when positive) with their answer positions, and counts the real tokens.
    /// </summary>
    public static (BertInputs Inputs, Tensor StartPositions, Tensor EndPositions, long RealTokens) Collate(
        IReadOnlyList<QuestionWindow> windows, int padTokenId, Device device, int maxLength = 0, int padToMultipleOf = 1)
    {
        var inputs = BatchCollator.Pad(windows.Select(w => (w.InputIds, w.TokenTypeIds)).ToList(), Tokenization.Padding.Longest, maxLength, padTokenId, device, padToMultipleOf);
        var starts = tensor(windows.Select(w => (long)w.StartPosition).ToArray(), device: device);
        var ends = tensor(windows.Select(w => (long)w.EndPosition).ToArray(), device: device);
        return (inputs, starts, ends, windows.Sum(w => (long)w.Length));
    }

    /// <summary>
    /// Runs <paramref name="model"/> over <paramref name="windows"/> in batches of similar length, without gradients,
    /// and returns each window's start and end logits (over its own tokens, in input order); with
    /// <paramref name="withLoss"/> also the span loss averaged over windows. <paramref name="batchDone"/> hears
    /// (batches done, batches) before the first batch and after each.
    /// </summary>
    public static (WindowScores[] Scores, double Loss) Score(IQuestionAnsweringModel model, IReadOnlyList<QuestionWindow> windows, int batchSize, int padTokenId, Device device,
        bool withLoss = false, int padToMultipleOf = 1, Action<int, int>? batchDone = null)
    {
        var scores = new WindowScores[windows.Count];
        var batches = BatchPlanner.ForScoring(windows.Select(w => w.Length).ToList(), batchSize);
        double lossSum = 0;
        batchDone?.Invoke(0, batches.Count);
        using var noGrad = no_grad();
        for (int b = 0; b < batches.Count; b++)
        {
            Runtime.CpuThreads.Tick();
            using var scope = NewDisposeScope();
            var batch = batches[b].Select(i => windows[i]).ToList();
            var (inputs, starts, ends, _) = Collate(batch, padTokenId, device, padToMultipleOf: padToMultipleOf);
            var output = withLoss ? model.Forward(inputs, starts, ends) : model.Forward(inputs);
            if (withLoss)
                lossSum += output.Loss!.item<float>() * batch.Count;
            var startLogits = output.StartLogits.to_type(ScalarType.Float32).cpu();
            var endLogits = output.EndLogits.to_type(ScalarType.Float32).cpu();
            int length = (int)startLogits.shape[1];
            var allStarts = startLogits.data<float>().ToArray();
            var allEnds = endLogits.data<float>().ToArray();
            for (int j = 0; j < batch.Count; j++)
            {
                var window = batch[j];
                scores[batches[b][j]] = new WindowScores(allStarts.AsSpan(j * length, window.Length).ToArray(), allEnds.AsSpan(j * length, window.Length).ToArray(), window.ContextSpans);
            }
            batchDone?.Invoke(b + 1, batches.Count);
        }
        return (scores, windows.Count == 0 ? 0 : lossSum / windows.Count);
    }
}
