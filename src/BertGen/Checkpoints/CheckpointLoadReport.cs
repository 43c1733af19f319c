using System.Text;
using static TorchSharp.torch;

namespace BertGen.Checkpoints;

/// <summary>A tensor stored in one type and loaded into a parameter of another.</summary>
public sealed record DTypeConversion(string Parameter, ScalarType From, ScalarType To)
{
    public override string ToString() => $"{Parameter}: {CheckpointDTypes.Describe(From)} -> {CheckpointDTypes.Describe(To)}";
}

/// <summary>What a checkpoint load did: which parameters came from the file and which did not.</summary>
public sealed record CheckpointLoadReport
{
    /// <summary>The weights file (or shard index) read.</summary>
    public required string WeightsPath { get; init; }

    /// <summary>Model parameters set from the file, by model name.</summary>
    public required IReadOnlyList<string> Loaded { get; init; }

    /// <summary>File names that differ from the model's (<c>gamma</c>/<c>beta</c>, a missing or extra <c>bert.</c> prefix), as file → model.</summary>
    public required IReadOnlyDictionary<string, string> Renamed { get; init; }

    /// <summary>Model parameters the file lacks; they keep their fresh initialisation (a new head, say).</summary>
    public required IReadOnlyList<string> Missing { get; init; }

    /// <summary>File tensors the model has no place for; they were ignored.</summary>
    public required IReadOnlyList<string> Unexpected { get; init; }

    /// <summary>Parameters tied to another (the masked-LM decoder to the word embeddings), set through it.</summary>
    public required IReadOnlyList<string> Tied { get; init; }

    /// <summary>Tensors converted to the parameter's type (for example float16 to float32).</summary>
    public required IReadOnlyList<DTypeConversion> Conversions { get; init; }

    public override string ToString()
    {
        var text = new StringBuilder($"{WeightsPath}: loaded {Loaded.Count} tensors");
        foreach (var (kind, count) in RenameCounts())
            text.Append($", {count} {kind}");
        if (Conversions.Count > 0)
        {
            text.Append(", converted ");
            text.Append(string.Join(", ", Conversions.GroupBy(c => (c.From, c.To)).Select(g =>
                $"{g.Count()} from {CheckpointDTypes.Describe(g.Key.From)} to {CheckpointDTypes.Describe(g.Key.To)}")));
        }
        if (Tied.Count > 0) text.Append($"; tied: {string.Join(", ", Tied)}");
        if (Missing.Count > 0) text.Append($"; newly initialised (not in the file): {string.Join(", ", Missing)}");
        if (Unexpected.Count > 0) text.Append($"; ignored (not in the model): {string.Join(", ", Unexpected)}");
        return text.ToString();
    }

    /// <summary>
    /// The renames by what they mean: a bare <c>BertModel</c> checkpoint's names lack the <c>bert.</c> prefix of a
    /// model with a head (or the reverse), and checkpoints converted from TensorFlow call LayerNorm's weight and bias
    /// <c>gamma</c> and <c>beta</c>. A tensor renamed both ways counts under both.
    /// </summary>
    private IEnumerable<(string Kind, int Count)> RenameCounts()
    {
        const string prefix = "bert.";
        int added = Renamed.Count(r => !r.Key.StartsWith(prefix, StringComparison.Ordinal) && r.Value.StartsWith(prefix, StringComparison.Ordinal));
        int removed = Renamed.Count(r => r.Key.StartsWith(prefix, StringComparison.Ordinal) && !r.Value.StartsWith(prefix, StringComparison.Ordinal));
        int layerNorm = Renamed.Count(r => r.Key.EndsWith(".gamma", StringComparison.Ordinal) || r.Key.EndsWith(".beta", StringComparison.Ordinal));
        if (added > 0) yield return ("without the 'bert.' prefix (a bare BertModel checkpoint)", added);
        if (removed > 0) yield return ("with a 'bert.' prefix the model does not have (from a model with a head)", removed);
        if (layerNorm > 0) yield return ("under TensorFlow's LayerNorm names (gamma/beta for weight/bias)", layerNorm);
    }
}
