using BertGen.Data;
using BertGen.Modeling;
using BertGen.Tokenization;
using static TorchSharp.torch;

namespace BertGen.Training;

/// <summary>The loss, predictions and metrics of a classifier on a set of examples.</summary>
public sealed record EvaluationResult(double Loss, int[] Predictions, ClassificationMetrics Metrics);

/// <summary>Runs a classifier in evaluation mode without gradients over encoded examples.</summary>
public static class Evaluator
{
    /// <summary>
    /// Scores <paramref name="model"/> on <paramref name="examples"/>. <c>padToMultipleOf</c> rounds each batch's
    /// length up as in training (1: no rounding), never past <c>maxLength</c> when that is positive.
    /// </summary>
    public static EvaluationResult Evaluate<TModel>(TModel model, IReadOnlyList<EncodedExample> examples, IReadOnlyList<string> labels,
        int batchSize, int padTokenId, Device device, ITrainingProgress? progress = null, int epoch = 0, int padToMultipleOf = 1, int maxLength = 0)
        where TModel : nn.Module, ISequenceClassifier
    {
        progress ??= SilentProgress.Instance;
        model.eval();
        using var noGrad = no_grad();
        // Sorted by length (no shuffling): the least padding, and the order does not change the result.
        var batches = BatchPlanner.Plan(examples.Select(e => e.Length).ToList(), batchSize, shuffle: false, groupByLength: true, new Random(0));
        var predictions = new int[examples.Count];
        double lossSum = 0;
        progress.EvaluationStarted(epoch, batches.Count);
        for (int b = 0; b < batches.Count; b++)
        {
            using var scope = NewDisposeScope();
            var indices = batches[b];
            using var batch = BatchCollator.Collate(indices.Select(i => examples[i]).ToList(), Padding.Longest, maxLength, padTokenId, device, padToMultipleOf);
            var output = model.Forward(batch.Inputs, batch.Labels);
            lossSum += output.Loss!.item<float>() * indices.Length;
            var predicted = output.Logits.argmax(-1).cpu().data<long>().ToArray();
            for (int i = 0; i < indices.Length; i++)
                predictions[indices[i]] = (int)predicted[i];
            progress.EvaluationBatchDone(epoch, b + 1);
        }
        var metrics = ClassificationMetrics.Compute(predictions, examples.Select(e => e.Label).ToList(), labels);
        return new EvaluationResult(examples.Count == 0 ? 0 : lossSum / examples.Count, predictions, metrics);
    }
}
