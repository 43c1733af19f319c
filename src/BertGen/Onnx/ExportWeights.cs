using BertGen.Checkpoints;
using static TorchSharp.torch;

namespace BertGen.Onnx;

/// <summary>
/// The weights an export reads, by Hugging Face name, from a module's state dict or a checkpoint: a
/// tensor may be stored with or without the <c>bert.</c> prefix or under TensorFlow's LayerNorm names.
/// Every tensor the source holds must be used, so an export never drops part of a model silently.
/// </summary>
internal sealed class ExportWeights
{
    private readonly Func<string, Tensor> read;
    private readonly HashSet<string> available;
    private readonly HashSet<string> used = new(StringComparer.Ordinal);

    public ExportWeights(string source, IEnumerable<string> names, Func<string, Tensor> read)
    {
        Source = source;
        this.read = read;
        available = new HashSet<string>(names, StringComparer.Ordinal);
    }

    /// <summary>The model or file the weights come from, for messages.</summary>
    public string Source { get; }

    public bool Contains(string name) => StoredName(name) is not null;

    /// <summary>Tensor <paramref name="name"/>; an error naming the source and the tensor when it is not there.</summary>
    public Tensor Take(string name)
    {
        var stored = StoredName(name)
            ?? throw new CheckpointException($"{Source}: has no tensor '{name}', which the export needs");
        used.Add(stored);
        return read(stored);
    }

    /// <summary>
    /// The name the source stores <paramref name="name"/> under, matched as checkpoint loading matches it
    /// (<see cref="CheckpointKeyMap"/>: with or without <c>bert.</c>, TensorFlow's LayerNorm names), or null.
    /// </summary>
    private string? StoredName(string name) =>
        available.Contains(name) ? name : new CheckpointKeyMap([name], available).Assignments.GetValueOrDefault(name);

    /// <summary>
    /// The source's tensors the export did not use, except those that carry nothing of their own: the
    /// masked-LM decoder (tied to the word embeddings), the position-id buffers of older checkpoints, and
    /// the pooler when <paramref name="poolerUnused"/> (a head that does not read it).
    /// </summary>
    public IReadOnlyList<string> Unused(bool poolerUnused) =>
        available.Where(name => !used.Contains(name) && !CarriesNothing(name, poolerUnused)).Order(StringComparer.Ordinal).ToList();

    private static bool CarriesNothing(string name, bool poolerUnused)
    {
        var bare = name.StartsWith("bert.", StringComparison.Ordinal) ? name["bert.".Length..] : name;
        return CheckpointKeyMap.TiedAliases.ContainsKey(name)
            || bare == "embeddings.position_ids"
            || (poolerUnused && bare.StartsWith("pooler.", StringComparison.Ordinal));
    }
}
