using System.Globalization;
using BertGen.Data;

namespace BertGen.Classification;

/// <summary>Reads a multi-label column: a delimited list of class names or 0-based class ids (GoEmotions: <c>4,27</c>).</summary>
public static class MultiLabels
{
    /// <summary>The 0/1 target of every class of <paramref name="labels"/> for <paramref name="example"/>.</summary>
    public static float[] Targets(LabeledText example, LabelMap labels, char separator)
    {
        var targets = new float[labels.Count];
        foreach (var item in Split(example.Label, separator))
            targets[ClassId(example, item, labels)] = 1;
        return targets;
    }

    /// <summary>The classes listed in <paramref name="label"/>.</summary>
    public static string[] Split(string label, char separator) =>
        label.Split(separator, StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    private static int ClassId(LabeledText example, string item, LabelMap labels)
    {
        if (labels.Names.Contains(item))
            return labels.Id(item);
        if (int.TryParse(item, NumberStyles.None, CultureInfo.InvariantCulture, out int id) && id < labels.Count)
            return id;
        throw new DataException($"{example.Source}:{example.Line}: \"{item}\" in the labels \"{example.Label}\" is neither one of the {labels.Count} classes nor a class id 0..{labels.Count - 1}");
    }
}
