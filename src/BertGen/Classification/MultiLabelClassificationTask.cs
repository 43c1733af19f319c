using System.Globalization;
using BertGen.Checkpoints;
using BertGen.Data;
using BertGen.Modeling;
using BertGen.Tokenization;
using BertGen.Training;

namespace BertGen.Classification;

/// <summary>
/// Multi-label classification (Hugging Face's <c>problem_type: multi_label_classification</c>): each text has any
/// number of classes, written in one column as a delimited list (GoEmotions: <c>4,27</c>) of class names or of
/// 0-based class ids; one sigmoid per class with binary cross-entropy; on held-out examples, at
/// <paramref name="threshold"/>, micro F1 (the default best metric), macro F1, exact match and per-class scores.
/// </summary>
public sealed class MultiLabelClassificationTask(BertTokenizer tokenizer, LabelMap labels, TrainingOptions options, char separator = ',', double threshold = 0.5)
    : ITrainingTask<ISequenceClassifier, EncodedExample, MultiLabelMetrics>
{
    private readonly SequenceBatches batches = new(tokenizer, options);

    // sigmoid(x) >= threshold  <=>  x >= logit(threshold).
    private readonly double cut = threshold is > 0 and < 1
        ? Math.Log(threshold / (1 - threshold))
        : throw new ArgumentException($"the multi-label threshold must be a probability between 0 and 1 (got {threshold})", nameof(threshold));

    public string Title => "BertGen multi-label classification";

    public IReadOnlyList<string> SelectableMetrics { get; } = ["micro_f1", "macro_f1", "exact_match", "val_loss"];

    /// <summary>The saved folder records the threshold, so prediction decides as validation did.</summary>
    public ModelFolderOptions FolderOptions => batches.FolderOptions with { MultiLabelThreshold = threshold };

    public void CheckModel(ISequenceClassifier model)
    {
        if (model.Config.NumLabels != labels.Count)
            throw new ArgumentException($"the model has {model.Config.NumLabels} outputs but the data has {labels.Count} labels");
    }

    public List<EncodedExample> Encode(IReadOnlyList<LabeledText> examples) => batches.Encode(examples, e => (0, MultiLabels.Targets(e, labels, separator)));

    /// <summary>
    /// Starts a new head's bias at each class's log-odds in the training data (Lin et al.'s prior initialisation
    /// for rare sigmoid classes; Hugging Face starts at 0, where every class has probability 0.5): the first steps
    /// then learn which texts carry a class rather than that most texts carry none. On 1,500 GoEmotions comments
    /// for one epoch this made the difference between losing to and beating a model that knows only the frequencies.
    /// </summary>
    public static void StartAtPriors(TorchSharp.torch.nn.Module model, IReadOnlyList<EncodedExample> train)
    {
        var bias = model.named_parameters().Single(p => p.name == "classifier.bias").parameter;
        int classes = (int)bias.shape[0];
        var logOdds = new float[classes];
        for (int c = 0; c < classes; c++)
        {
            // Smoothed by half an example each way, so a class absent from the data gets a finite bias.
            double frequency = (train.Sum(e => e.Targets![c]) + 0.5) / (train.Count + 1.0);
            logOdds[c] = (float)Math.Log(frequency / (1 - frequency));
        }
        using var noGrad = TorchSharp.torch.no_grad();
        bias.copy_(TorchSharp.torch.tensor(logOdds, device: bias.device));
    }

    public int Length(EncodedExample example) => example.Length;

    public BatchLoss Loss(ISequenceClassifier model, IReadOnlyList<EncodedExample> examples, BatchContext context) => batches.Loss(model, examples, context);

    public MultiLabelMetrics Evaluate(ISequenceClassifier model, IReadOnlyList<EncodedExample> examples, EpochTraining training, BatchContext context)
    {
        var (loss, logits) = batches.Score(model, examples, context);
        var predicted = logits.Select(row => row.Select(x => x >= cut).ToArray()).ToList();
        var actual = examples.Select(e => e.Targets!.Select(t => t > 0.5f).ToArray()).ToList();
        var scores = MultiLabelScores.Compute(predicted, actual, labels.Names);
        return new MultiLabelMetrics
        {
            ValidationLoss = loss,
            MicroF1 = scores.MicroF1,
            MacroF1 = scores.MacroF1,
            ExactMatch = scores.ExactMatch,
            Threshold = threshold,
            PerClass = scores.PerClass,
        }.WithTraining(training);
    }
}
