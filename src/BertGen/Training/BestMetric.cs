namespace BertGen.Training;

/// <summary>
/// The figure that picks the best epoch, as Hugging Face's <c>metric_for_best_model</c>: higher is better unless
/// its name ends in "loss".
/// </summary>
public sealed record BestMetric(string Name)
{
    public bool LowerIsBetter => Name.EndsWith("loss", StringComparison.Ordinal);

    /// <summary>
    /// The task's metric that <paramref name="requested"/> names (case and underscores ignored, and the <c>val_</c>
    /// prefix optional: <c>Accuracy</c> is <c>val_accuracy</c>), or the task's default when null.
    /// </summary>
    public static BestMetric Resolve(string? requested, IReadOnlyList<string> selectable)
    {
        if (selectable.Count == 0)
            throw new ArgumentException("the task names no metric to select the best epoch by", nameof(selectable));
        if (string.IsNullOrWhiteSpace(requested))
            return new BestMetric(selectable[0]);
        static string Key(string name) => name.Replace("_", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal).ToLowerInvariant();
        var key = Key(requested);
        var match = selectable.FirstOrDefault(name => Key(name) == key || Key(name) == "val" + key);
        return match is not null
            ? new BestMetric(match)
            : throw new ArgumentException($"the best metric '{requested}' is not one of this task's: {string.Join(", ", selectable)}");
    }

    /// <summary>The score of <paramref name="metrics"/> by this metric, higher better.</summary>
    public double Score(IEpochSummary metrics)
    {
        var figure = metrics.Figures().FirstOrDefault(f => f.Name == Name)
            ?? throw new InvalidOperationException($"epoch {metrics.Epoch} has no figure '{Name}'");
        return LowerIsBetter ? -figure.Value : figure.Value;
    }
}
