using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using BertGen.Generators.Model;

namespace BertGen.Generators.Parsing;

/// <summary>Turns a declared value into the C# the emitter writes and the text summaries show.</summary>
internal static class FieldValueFormat
{
    // HiddenActivation's members in value order, the order of BertConfigFields.ActivationNames.
    private static readonly string[] s_activationMembers = ["Gelu", "GeluTanh", "Relu"];

    public static int ActivationCount => s_activationMembers.Length;

    public static FieldValue Int(BertConfigField field, int value, bool declared)
    {
        var text = value.ToString(CultureInfo.InvariantCulture);
        return new FieldValue(field, text, text, declared);
    }

    public static FieldValue Double(BertConfigField field, double value, bool declared)
    {
        var text = value.ToString("R", CultureInfo.InvariantCulture);
        var code = text.Contains(".") || text.Contains("E") ? text : text + ".0";
        return new FieldValue(field, code, text, declared);
    }

    public static FieldValue Activation(BertConfigField field, int value, bool declared) =>
        new(field, "global::BertGen.HiddenActivation." + s_activationMembers[value], "\"" + BertConfigFields.ActivationNames[value] + "\"", declared);

    public static FieldValue Names(BertConfigField field, IEnumerable<string> names, bool declared)
    {
        var literals = "[" + string.Join(", ", names.Select(Literal)) + "]";
        return new FieldValue(field, literals, literals, declared);
    }

    private static string Literal(string text) =>
        "\"" + text.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\n", "\\n").Replace("\r", "\\r").Replace("\t", "\\t") + "\"";
}
