using BertGen.Checkpoints;
using BertGen.Data;
using BertGen.Modeling;
using BertGen.Tokenization;
using BertGen.Training;
using static TorchSharp.torch;

namespace BertGen.Classification;

/// <summary>
/// What every sequence-classification task (one label, regression, multi-label) shares: texts and text pairs
/// encoded with their targets, batches collated on the run's device, and the loss and logits over a data set.
/// </summary>
public sealed class SequenceBatches(BertTokenizer tokenizer, TrainingOptions options)
{
    /// <summary>What a saved folder records for prediction: the vocabulary, its casing, the length and the texts' preprocessing.</summary>
    public ModelFolderOptions FolderOptions { get; } = new()
    {
        VocabularyPath = tokenizer.VocabularyPath, LowerCase = tokenizer.LowerCase, MaxLength = options.MaxLength, Preprocessing = options.Preprocessing,
    };

    /// <summary>
    /// Tokenizes every example on all cores as <c>[CLS] text [SEP]</c>, or <c>[CLS] text [SEP] pair [SEP]</c> with
    /// segment ids 0 and 1 when the examples have pairs (truncated longest first), with the targets
    /// <paramref name="target"/> gives (a class id, or float targets).
    /// </summary>
    public List<EncodedExample> Encode(IReadOnlyList<LabeledText> examples, Func<LabeledText, (int Label, float[]? Targets)> target)
    {
        var targets = examples.Select(target).ToArray();
        bool pairs = examples.Count > 0 && examples[0].Pair is not null;
        if (examples.FirstOrDefault(e => (e.Pair is not null) != pairs) is { } odd)
            throw new DataException($"{odd.Source}:{odd.Line}: mixes single texts and text pairs");
        var encodings = tokenizer.EncodeMany(examples.Select(e => e.Text).ToList(), pairs ? examples.Select(e => e.Pair!).ToList() : null,
            new BertEncodeOptions { MaxLength = options.MaxLength });
        return encodings.Select((e, i) => new EncodedExample(e.InputIds, e.TokenTypeIds, targets[i].Label, targets[i].Targets)).ToList();
    }

    public TensorBatch Collate(IReadOnlyList<EncodedExample> examples, BatchContext context, Padding padding) =>
        BatchCollator.Collate(examples, padding, context.Options.MaxLength, tokenizer.PaddingTokenId, context.Device, context.Options.PadToMultipleOf);

    /// <summary>One training batch's loss.</summary>
    public BatchLoss Loss(ISequenceClassifier model, IReadOnlyList<EncodedExample> examples, BatchContext context)
    {
        var batch = Collate(examples, context, context.Options.Padding);
        return new BatchLoss(model.Forward(batch.Inputs, batch.Labels).Loss!, examples.Count, batch.PaddedTokens, batch.RealTokens);
    }

    /// <summary>
    /// The mean loss and every example's logits (in float32, in the examples' order), in batches sorted by length
    /// (the least padding; the order does not change the result), each padded to the longest and rounded up as in
    /// training. The caller has put the model in evaluation mode without gradients.
    /// </summary>
    public (double Loss, float[][] Logits) Score(ISequenceClassifier model, IReadOnlyList<EncodedExample> examples, BatchContext context)
    {
        var batches = BatchPlanner.ForScoring(examples.Select(e => e.Length).ToList(), context.Options.BatchSize);
        var logits = new float[examples.Count][];
        double lossSum = 0;
        context.Progress.EvaluationStarted(context.Epoch, batches.Count);
        for (int b = 0; b < batches.Count; b++)
        {
            Runtime.CpuThreads.Tick();
            using var scope = NewDisposeScope();
            var indices = batches[b];
            var batch = Collate(indices.Select(i => examples[i]).ToList(), context, Padding.Longest);
            var output = model.Forward(batch.Inputs, batch.Labels);
            lossSum += output.Loss!.item<float>() * indices.Length;
            var values = output.Logits.to_type(ScalarType.Float32).cpu();
            int width = (int)values.shape[1];
            var flat = values.data<float>().ToArray();
            for (int i = 0; i < indices.Length; i++)
                logits[indices[i]] = flat.AsSpan(i * width, width).ToArray();
            context.Progress.EvaluationBatchDone(context.Epoch, b + 1);
        }
        return (examples.Count == 0 ? 0 : lossSum / examples.Count, logits);
    }
}
