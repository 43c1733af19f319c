using BertGen.Checkpoints;
using BertGen.Modeling;
using static TorchSharp.torch;

namespace BertGen.Training;

/// <summary>
/// What a task gives the <see cref="Trainer{TModel, TExample, TMetrics}"/>: how long an example is (for length
/// grouping), one batch's loss, and the scores on held-out examples. In Hugging Face's terms, the model's loss,
/// the data collator and <c>compute_metrics</c> in one place; the trainer owns everything else (optimiser,
/// schedule, precision, checkpoints, resume, metrics files, early stopping).
/// </summary>
/// <typeparam name="TModel">
/// What the task needs of the model: an interface such as <see cref="ISequenceClassifier"/>, so that one task
/// trains every generated class with that head (the trainer adds that it is a module).
/// </typeparam>
/// <typeparam name="TExample">An encoded example (token ids and its targets).</typeparam>
/// <typeparam name="TMetrics">One epoch's figures, as written to metrics.json/csv and plotted.</typeparam>
public interface ITrainingTask<in TModel, TExample, TMetrics>
    where TModel : IBertModel
    where TMetrics : IEpochSummary
{
    /// <summary>The title of training.png.</summary>
    string Title { get; }

    /// <summary>
    /// The figures (names from <see cref="IEpochSummary.Figures"/>) that may pick the best epoch and drive early
    /// stopping; the first is the default.
    /// </summary>
    IReadOnlyList<string> SelectableMetrics { get; }

    /// <summary>What each saved model folder records beside the weights (vocabulary, casing, length, preprocessing).</summary>
    ModelFolderOptions FolderOptions { get; }

    /// <summary>Throws when <paramref name="model"/> cannot learn this task (its labels, its heads).</summary>
    void CheckModel(TModel model);

    /// <summary>Tokens in <paramref name="example"/> (the longest of its sequences), for grouping by length.</summary>
    int Length(TExample example);

    /// <summary>Collates <paramref name="examples"/> on the batch's device and runs the model with targets.</summary>
    BatchLoss Loss(TModel model, IReadOnlyList<TExample> examples, BatchContext context);

    /// <summary>
    /// Scores <paramref name="model"/> on <paramref name="examples"/> (in evaluation mode, without gradients) and
    /// returns the epoch's figures, the training ones taken from <paramref name="training"/>.
    /// </summary>
    TMetrics Evaluate(TModel model, IReadOnlyList<TExample> examples, EpochTraining training, BatchContext context);
}

/// <summary>
/// Where and how a batch runs: the device, the run's options (padding multiple, length) and, in training, the
/// epoch's own random source for data augmentation (masking), drawn in batch order so a resumed run repeats it.
/// </summary>
public sealed record BatchContext(Device Device, TrainingOptions Options, Random Augmentation, ITrainingProgress Progress, int Epoch);

/// <summary>What one batch's forward pass gave: its loss and how many examples and positions it held.</summary>
public readonly record struct BatchLoss(Tensor Loss, int Examples, long PaddedTokens, long RealTokens);
