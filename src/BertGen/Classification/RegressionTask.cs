using System.Globalization;
using BertGen.Checkpoints;
using BertGen.Data;
using BertGen.Modeling;
using BertGen.Tokenization;
using BertGen.Training;

namespace BertGen.Classification;

/// <summary>
/// Regression of a number from a text or text pair (Hugging Face's <c>num_labels == 1</c>, <c>problem_type:
/// regression</c>): mean squared error, and on held-out examples MSE, RMSE, MAE and Pearson's and Spearman's
/// correlations (Pearson's picks the best epoch by default).
/// </summary>
public sealed class RegressionTask(BertTokenizer tokenizer, TrainingOptions options) : ITrainingTask<ISequenceClassifier, EncodedExample, RegressionMetrics>
{
    private readonly SequenceBatches batches = new(tokenizer, options);

    public string Title => "BertGen regression";

    public IReadOnlyList<string> SelectableMetrics { get; } = ["pearson", "spearman", "val_loss", "rmse", "mae"];

    public ModelFolderOptions FolderOptions => batches.FolderOptions;

    public void CheckModel(ISequenceClassifier model)
    {
        if (model.Config.NumLabels != 1)
            throw new ArgumentException($"regression needs a model with one output (num_labels 1); this one has {model.Config.NumLabels}");
    }

    /// <summary>Tokenizes every example; its label must be a number (invariant culture: <c>7</c>, <c>-0.5</c>, <c>1e3</c>).</summary>
    public List<EncodedExample> Encode(IReadOnlyList<LabeledText> examples) => batches.Encode(examples, e => (0, [Target(e)]));

    public static float Target(LabeledText example) =>
        double.TryParse(example.Label, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)
            ? (float)value
            : throw new DataException($"{example.Source}:{example.Line}: the label \"{example.Label}\" is not a number; regression needs numeric labels");

    /// <summary>
    /// Starts a new regression head at the mean of the training targets (its bias; Hugging Face starts it at 0):
    /// otherwise the first hundreds of steps only move the output from 0 to the targets' level (5.5 for IMDb's
    /// 1-10 stars), and short runs learn little else. The head stays a plain Hugging Face one.
    /// </summary>
    public static void StartAtMean(TorchSharp.torch.nn.Module model, IReadOnlyList<EncodedExample> train)
    {
        var bias = model.named_parameters().Single(p => p.name == "classifier.bias").parameter;
        using var noGrad = TorchSharp.torch.no_grad();
        bias.fill_(train.Average(e => e.Targets![0]));
    }

    public int Length(EncodedExample example) => example.Length;

    public BatchLoss Loss(ISequenceClassifier model, IReadOnlyList<EncodedExample> examples, BatchContext context) => batches.Loss(model, examples, context);

    public RegressionMetrics Evaluate(ISequenceClassifier model, IReadOnlyList<EncodedExample> examples, EpochTraining training, BatchContext context)
    {
        var (loss, logits) = batches.Score(model, examples, context);
        var scores = RegressionScores.Compute(logits.Select(l => (double)l[0]).ToList(), examples.Select(e => (double)e.Targets![0]).ToList());
        return new RegressionMetrics
        {
            ValidationLoss = loss,
            Pearson = scores.Pearson,
            Spearman = scores.Spearman,
            RootMeanSquaredError = scores.RootMeanSquaredError,
            MeanAbsoluteError = scores.MeanAbsoluteError,
        }.WithTraining(training);
    }
}
