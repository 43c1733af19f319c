using System.Globalization;
using System.Reflection;

namespace BertGen.Modeling;

/// <summary>
/// Reads and replaces a <see cref="BertConfig"/> field by its <see cref="BertConfigField"/>, so that reading,
/// writing, validating and binding configurations walk the field table instead of spelling every field.
/// Each field is the <see cref="BertConfig"/> property of the same name (a test checks every row).
/// </summary>
internal static class BertConfigValues
{
    private static readonly PropertyInfo[] s_properties = BertConfigFields.All
        .Select(spec => typeof(BertConfig).GetProperty(spec.Field.ToString())
            ?? throw new InvalidOperationException($"BertConfig has no property {spec.Field}"))
        .ToArray();

    /// <summary>The field's value: an int, a double, a nullable double, a <see cref="HiddenActivation"/> or label names.</summary>
    public static object? Get(BertConfig config, BertConfigField field) => s_properties[(int)field].GetValue(config);

    /// <summary>A copy of <paramref name="config"/> with <paramref name="field"/> replaced.</summary>
    public static BertConfig With(BertConfig config, BertConfigField field, object? value)
    {
        var copy = config with { };
        s_properties[(int)field].SetValue(copy, value);
        return copy;
    }

    /// <summary>The field's value as messages show it and as declarations compare it.</summary>
    public static string Describe(BertConfig config, BertConfigField field) => field.Spec().Kind switch
    {
        BertConfigValueKind.Activation => $"\"{BertConfigJson.ActivationName(config.HiddenAct)}\"",
        BertConfigValueKind.LabelNames => "[" + string.Join(", ", Enumerable.Range(0, config.NumLabels).Select(i => $"\"{config.LabelName(i)}\"")) + "]",
        _ => Get(config, field) switch
        {
            null => "null",
            double number => number.ToString("R", CultureInfo.InvariantCulture),
            var value => Convert.ToString(value, CultureInfo.InvariantCulture)!,
        },
    };
}
