using BertGen.Checkpoints;
using BertGen.Data;
using BertGen.Modeling;
using BertGen.Tokenization;
using BertGen.Training;
using static TorchSharp.torch;

namespace BertGen.Classification;

/// <summary>
/// Single-label sequence classification of texts (SPEC §4) or text pairs (MRPC: paraphrase or not): cross-entropy
/// over the labels, and on held-out examples the loss, accuracy, per-class precision/recall/F1, macro F1 and the
/// confusion matrix.
/// </summary>
public sealed class SequenceClassificationTask(BertTokenizer tokenizer, LabelMap labels, TrainingOptions options)
    : ITrainingTask<ISequenceClassifier, EncodedExample, EpochMetrics>
{
    private readonly SequenceBatches batches = new(tokenizer, options);

    public string Title => "BertGen fine-tuning";

    public IReadOnlyList<string> SelectableMetrics { get; } = ["val_accuracy", "macro_f1", "val_loss"];

    public ModelFolderOptions FolderOptions => batches.FolderOptions;

    public LabelMap Labels => labels;

    public void CheckModel(ISequenceClassifier model)
    {
        if (model.Config.NumLabels != labels.Count)
            throw new ArgumentException($"the model has {model.Config.NumLabels} outputs but the data has {labels.Count} labels ({string.Join(", ", labels.Names)})");
        if (model.Config.LabelNames is { } modelLabels && !modelLabels.SequenceEqual(labels.Names))
            throw new ArgumentException($"the model's labels are {string.Join(", ", modelLabels)} (by id) but the data's are {string.Join(", ", labels.Names)}");
    }

    /// <summary>Tokenizes every example (text or text pair) on all cores, truncated to the options' maximum length.</summary>
    public List<EncodedExample> Encode(IReadOnlyList<LabeledText> examples) => batches.Encode(examples, e => (labels.Id(e), null));

    public int Length(EncodedExample example) => example.Length;

    public BatchLoss Loss(ISequenceClassifier model, IReadOnlyList<EncodedExample> examples, BatchContext context) => batches.Loss(model, examples, context);

    public EpochMetrics Evaluate(ISequenceClassifier model, IReadOnlyList<EncodedExample> examples, EpochTraining training, BatchContext context)
    {
        var (loss, logits) = batches.Score(model, examples, context);
        var predictions = logits.Select(ArgMax).ToList();
        var metrics = ClassificationMetrics.Compute(predictions, examples.Select(e => e.Label).ToList(), labels.Names);
        return new EpochMetrics
        {
            ValidationLoss = loss,
            ValidationAccuracy = metrics.Accuracy,
            MacroF1 = metrics.MacroF1,
            PerClass = metrics.PerClass,
            ConfusionMatrix = metrics.ConfusionMatrix,
        }.WithTraining(training);
    }

    private static int ArgMax(float[] values)
    {
        int best = 0;
        for (int i = 1; i < values.Length; i++)
        {
            if (values[i] > values[best])
                best = i;
        }
        return best;
    }
}
