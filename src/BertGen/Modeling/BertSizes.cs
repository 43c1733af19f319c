namespace BertGen.Modeling;

/// <summary>BERT's published sizes (SPEC §1): Google's miniatures, Base and Large; FFN = 4 × hidden.</summary>
public static class BertSizes
{
    public static IReadOnlyDictionary<string, (int Layers, int Hidden, int Heads)> All { get; } = new Dictionary<string, (int, int, int)>
    {
        ["tiny"] = (2, 128, 2),
        ["mini"] = (4, 256, 4),
        ["small"] = (4, 512, 8),
        ["medium"] = (8, 512, 8),
        ["base"] = (12, 768, 12),
        ["large"] = (24, 1024, 16),
    };

    /// <summary>A configuration of the named size for <paramref name="vocabularySize"/> tokens, otherwise BERT's defaults.</summary>
    public static BertConfig Config(string name, int vocabularySize)
    {
        if (!All.TryGetValue(name, out var size))
            throw new ArgumentException($"unknown model size \"{name}\"; expected one of {string.Join(", ", All.Keys)}", nameof(name));
        return new BertConfig
        {
            NumHiddenLayers = size.Layers, HiddenSize = size.Hidden, NumAttentionHeads = size.Heads,
            IntermediateSize = 4 * size.Hidden, VocabSize = vocabularySize,
        };
    }
}
