namespace BertGen.Data;

/// <summary>Label names by class id, saved with a model as <c>id2label</c>/<c>label2id</c>.</summary>
public sealed class LabelMap
{
    private readonly Dictionary<string, int> ids;

    public LabelMap(IReadOnlyList<string> names)
    {
        if (names.Count == 0)
            throw new ArgumentException("a label map needs at least one label", nameof(names));
        Names = names;
        ids = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < names.Count; i++)
        {
            if (!ids.TryAdd(names[i], i))
                throw new ArgumentException($"the label \"{names[i]}\" appears twice", nameof(names));
        }
    }

    public IReadOnlyList<string> Names { get; }

    public int Count => Names.Count;

    /// <summary>The labels found in <paramref name="examples"/>, sorted ordinally (negative = 0, positive = 1 for IMDb).</summary>
    public static LabelMap FromData(IEnumerable<LabeledText> examples) =>
        new(examples.Select(e => e.Label).Distinct().Order(StringComparer.Ordinal).ToList());

    public int Id(LabeledText example) =>
        ids.TryGetValue(example.Label, out var id) ? id
        : throw new DataException($"{example.Source}:{example.Line}: the label \"{example.Label}\" is not one of {string.Join(", ", Names)}");

    public int Id(string label) => ids.TryGetValue(label, out var id) ? id : throw new KeyNotFoundException($"the label \"{label}\" is not one of {string.Join(", ", Names)}");
}
