namespace BertGen.Checkpoints;

/// <summary>How strictly a checkpoint must fit the model.</summary>
public sealed record CheckpointLoadOptions
{
    /// <summary>
    /// Refuse a checkpoint that lacks a parameter of the model or holds one the model does not have,
    /// instead of initialising the first and ignoring the second (which is how a pretraining checkpoint
    /// becomes a classifier). Shapes must always match.
    /// </summary>
    public bool Strict { get; init; }

    /// <summary>
    /// Model parameters whose shape may differ from the file's: those keep their fresh initialisation and are
    /// reported as missing (Hugging Face's <c>ignore_mismatched_sizes</c>, limited to the names given), for
    /// example a classifier head trained for other labels.
    /// </summary>
    public IReadOnlyCollection<string> IgnoreMismatchedSizes { get; init; } = [];

    public static CheckpointLoadOptions Default { get; } = new();

    /// <summary>
    /// Loading a pretrained folder under a new classifier of <paramref name="labels"/> outputs: when the folder holds the
    /// same head (<paramref name="architecture"/>) for another number of labels, its classifier keeps fresh weights and the
    /// encoder loads, as <c>from_pretrained</c> with <c>ignore_mismatched_sizes</c> does; any other size disagreement is
    /// still an error.
    /// </summary>
    public static CheckpointLoadOptions ForNewLabels(Modeling.BertConfig saved, string architecture, int labels) => new()
    {
        IgnoreMismatchedSizes = saved.Architecture == architecture && saved.NumLabels != labels ? ["classifier.weight", "classifier.bias"] : [],
    };
}
