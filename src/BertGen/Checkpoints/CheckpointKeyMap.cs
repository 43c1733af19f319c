namespace BertGen.Checkpoints;

/// <summary>
/// Matches a checkpoint's tensor names to a model's parameter names, covering what real BERT
/// checkpoints contain: Hugging Face's names; a bare <c>BertModel</c> checkpoint (no <c>bert.</c>
/// prefix) loaded into a model with a head, or the reverse; the <c>gamma</c>/<c>beta</c> LayerNorm names
/// of checkpoints converted from the original TensorFlow code; and the masked-LM decoder, which is tied
/// to the word embeddings and may be stored or left out.
/// </summary>
internal sealed class CheckpointKeyMap
{
    private const string BertPrefix = "bert.";

    /// <summary>Parameters that are the same tensor as another; Hugging Face stores only the target.</summary>
    public static readonly IReadOnlyDictionary<string, string> TiedAliases = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["cls.predictions.decoder.weight"] = "bert.embeddings.word_embeddings.weight",
        ["cls.predictions.decoder.bias"] = "cls.predictions.bias",
    };

    /// <summary>Model parameter → file tensor to load into it.</summary>
    public Dictionary<string, string> Assignments { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, string> Renamed { get; } = new(StringComparer.Ordinal);

    public List<string> Missing { get; } = [];

    public List<string> Unexpected { get; } = [];

    public List<string> Tied { get; } = [];

    public CheckpointKeyMap(IReadOnlyCollection<string> modelKeys, IEnumerable<string> fileKeys)
    {
        var model = new HashSet<string>(modelKeys, StringComparer.Ordinal);
        var aliases = TiedAliases.Where(a => model.Contains(a.Key) && model.Contains(a.Value)).ToDictionary(a => a.Key, a => a.Value, StringComparer.Ordinal);
        var aliasLoads = new Dictionary<string, string>(StringComparer.Ordinal);

        // Exact names first, so that a file holding both `x` and `bert.x` loads `bert.x` from `bert.x`.
        var files = fileKeys.OrderBy(key => Resolve(key, model) == key ? 0 : 1).ThenBy(key => key, StringComparer.Ordinal);
        foreach (var fileKey in files)
        {
            var modelKey = Resolve(fileKey, model);
            if (modelKey is null || Assignments.ContainsKey(modelKey) || aliasLoads.ContainsKey(modelKey))
            {
                Unexpected.Add(fileKey);
                continue;
            }
            if (modelKey != fileKey)
                Renamed[fileKey] = modelKey;
            if (aliases.ContainsKey(modelKey))
                aliasLoads[modelKey] = fileKey;
            else
                Assignments[modelKey] = fileKey;
        }

        foreach (var (alias, target) in aliases)
        {
            // A stored alias is the same tensor as its target: it fills the target only when the file
            // lacks the target (some old checkpoints store just the decoder).
            if (!Assignments.ContainsKey(target) && aliasLoads.TryGetValue(alias, out var fileKey))
                Assignments[target] = fileKey;
            Tied.Add(alias);
        }
        Missing.AddRange(model.Where(key => !aliases.ContainsKey(key) && !Assignments.ContainsKey(key)).Order(StringComparer.Ordinal));
        Unexpected.Sort(StringComparer.Ordinal);
    }

    private static string? Resolve(string fileKey, HashSet<string> model)
    {
        foreach (var name in new[] { fileKey, WithModernLayerNormNames(fileKey) })
        {
            if (model.Contains(name))
                return name;
            if (model.Contains(BertPrefix + name))
                return BertPrefix + name;
            if (name.StartsWith(BertPrefix, StringComparison.Ordinal) && model.Contains(name[BertPrefix.Length..]))
                return name[BertPrefix.Length..];
        }
        return null;
    }

    private static string WithModernLayerNormNames(string key) =>
        key.EndsWith(".gamma", StringComparison.Ordinal) ? key[..^".gamma".Length] + ".weight"
        : key.EndsWith(".beta", StringComparison.Ordinal) ? key[..^".beta".Length] + ".bias"
        : key;
}
