using BertGen.Checkpoints;
using BertGen.Data;
using BertGen.Modeling;
using BertGen.Tokenization;
using BertGen.Training;
using static TorchSharp.torch;

namespace BertGen.Classification;

/// <summary>
/// Single-label sequence classification (SPEC §4): cross-entropy over the labels, and on held-out examples the
/// loss, accuracy, per-class precision/recall/F1, macro F1 and the confusion matrix.
/// </summary>
public sealed class SequenceClassificationTask(BertTokenizer tokenizer, LabelMap labels, TrainingOptions options)
    : ITrainingTask<ISequenceClassifier, EncodedExample, EpochMetrics>
{
    public string Title => "BertGen fine-tuning";

    public IReadOnlyList<string> SelectableMetrics { get; } = ["val_accuracy", "macro_f1", "val_loss"];

    public ModelFolderOptions FolderOptions { get; } = new()
    {
        VocabularyPath = tokenizer.VocabularyPath, LowerCase = tokenizer.LowerCase, MaxLength = options.MaxLength, Preprocessing = options.Preprocessing,
    };

    public LabelMap Labels => labels;

    public void CheckModel(ISequenceClassifier model)
    {
        if (model.Config.NumLabels != labels.Count)
            throw new ArgumentException($"the model has {model.Config.NumLabels} outputs but the data has {labels.Count} labels ({string.Join(", ", labels.Names)})");
        if (model.Config.LabelNames is { } modelLabels && !modelLabels.SequenceEqual(labels.Names))
            throw new ArgumentException($"the model's labels are {string.Join(", ", modelLabels)} (by id) but the data's are {string.Join(", ", labels.Names)}");
    }

    /// <summary>Tokenizes every example on all cores, truncated to the options' maximum length.</summary>
    public List<EncodedExample> Encode(IReadOnlyList<LabeledText> examples)
    {
        var ids = examples.Select(labels.Id).ToArray();
        var encodings = tokenizer.EncodeMany(examples.Select(e => e.Text).ToList(), options: new BertEncodeOptions { MaxLength = options.MaxLength });
        return encodings.Select((e, i) => new EncodedExample(e.InputIds, e.TokenTypeIds, ids[i])).ToList();
    }

    public int Length(EncodedExample example) => example.Length;

    public BatchLoss Loss(ISequenceClassifier model, IReadOnlyList<EncodedExample> examples, BatchContext context)
    {
        var batch = Collate(examples, context, context.Options.Padding);
        return new BatchLoss(model.Forward(batch.Inputs, batch.Labels).Loss!, examples.Count, batch.PaddedTokens, batch.RealTokens);
    }

    public EpochMetrics Evaluate(ISequenceClassifier model, IReadOnlyList<EncodedExample> examples, EpochTraining training, BatchContext context)
    {
        var (loss, predictions) = Predict(model, examples, context);
        var metrics = ClassificationMetrics.Compute(predictions, examples.Select(e => e.Label).ToList(), labels.Names);
        return new EpochMetrics
        {
            Epoch = training.Epoch,
            TrainLoss = training.TrainLoss,
            ValidationLoss = loss,
            ValidationAccuracy = metrics.Accuracy,
            MacroF1 = metrics.MacroF1,
            PerClass = metrics.PerClass,
            ConfusionMatrix = metrics.ConfusionMatrix,
            LearningRate = training.LearningRate,
            Seconds = training.Seconds,
            TokensProcessed = training.PaddedTokens,
            RealTokens = training.RealTokens,
            ResidentMegabytes = training.ResidentMegabytes,
            PeakResidentMegabytes = training.PeakResidentMegabytes,
        };
    }

    /// <summary>
    /// The mean loss and the predicted class of every example, in batches sorted by length (the least padding;
    /// the order does not change the result), each padded to the longest and rounded up as in training.
    /// </summary>
    private (double Loss, int[] Predictions) Predict(ISequenceClassifier model, IReadOnlyList<EncodedExample> examples, BatchContext context)
    {
        var batches = BatchPlanner.Plan(examples.Select(e => e.Length).ToList(), context.Options.BatchSize, shuffle: false, groupByLength: true, new Random(0));
        var predictions = new int[examples.Count];
        double lossSum = 0;
        context.Progress.EvaluationStarted(context.Epoch, batches.Count);
        for (int b = 0; b < batches.Count; b++)
        {
            using var scope = NewDisposeScope();
            var indices = batches[b];
            var batch = Collate(indices.Select(i => examples[i]).ToList(), context, Padding.Longest);
            var output = model.Forward(batch.Inputs, batch.Labels);
            lossSum += output.Loss!.item<float>() * indices.Length;
            var predicted = output.Logits.argmax(-1).cpu().data<long>().ToArray();
            for (int i = 0; i < indices.Length; i++)
                predictions[indices[i]] = (int)predicted[i];
            context.Progress.EvaluationBatchDone(context.Epoch, b + 1);
        }
        return (examples.Count == 0 ? 0 : lossSum / examples.Count, predictions);
    }

    private TensorBatch Collate(IReadOnlyList<EncodedExample> examples, BatchContext context, Padding padding) =>
        BatchCollator.Collate(examples, padding, context.Options.MaxLength, tokenizer.PaddingTokenId, context.Device, context.Options.PadToMultipleOf);
}
