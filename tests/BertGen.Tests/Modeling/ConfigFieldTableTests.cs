using System.Reflection;
using System.Text.Json.Nodes;
using BertGen.Modeling;

namespace BertGen.Tests.Modeling;

/// <summary>
/// The one table of config fields agrees with every place that spells a field (BertConfig, the attributes),
/// and reading, writing and validating config.json walk it: a field changed in the table changes them all.
/// </summary>
public class ConfigFieldTableTests
{
    public static TheoryData<BertConfigField> Fields => [.. Enum.GetValues<BertConfigField>()];

    public static TheoryData<BertConfigField> Sizes => [.. BertConfigFields.All.Where(spec => spec.Kind == BertConfigValueKind.Size).Select(spec => spec.Field)];

    [Fact]
    public void The_table_has_one_row_per_field_in_order()
    {
        Assert.Equal(Enum.GetValues<BertConfigField>(), BertConfigFields.All.Select(spec => spec.Field));
        Assert.Equal(BertConfigFields.All.Count, BertConfigFields.All.Select(spec => spec.JsonName).Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(Fields))]
    public void BertConfig_has_the_field_with_the_tables_default(BertConfigField field)
    {
        var spec = field.Spec();
        var property = typeof(BertConfig).GetProperty(field.ToString());

        Assert.NotNull(property);
        Assert.Equal(spec.Default, Numeric(property.GetValue(new BertConfig())));
    }

    [Theory]
    [MemberData(nameof(Fields))]
    public void The_declaring_attribute_has_the_field_with_the_tables_default(BertConfigField field)
    {
        var spec = field.Spec();
        Attribute attribute = spec.DeclaredOn == DeclaringAttribute.Model ? new BertModelAttribute() : new SequenceClassificationHeadAttribute();
        var property = attribute.GetType().GetProperty(spec.AttributeProperty, BindingFlags.Public | BindingFlags.Instance);

        Assert.NotNull(property);
        var value = Numeric(property.GetValue(attribute));
        // Attributes cannot hold null: the classifier dropout says "none" with -1.
        Assert.Equal(spec.Default ?? (spec.Kind == BertConfigValueKind.Probability ? -1 : null), value);
    }

    [Fact]
    public void Every_field_survives_a_config_json_round_trip_under_its_json_name()
    {
        var config = new BertConfig
        {
            NumHiddenLayers = 3, NumAttentionHeads = 5, HiddenSize = 40, IntermediateSize = 77, VocabSize = 555,
            MaxPositionEmbeddings = 99, TypeVocabSize = 3, HiddenAct = HiddenActivation.Relu, HiddenDropoutProb = 0.25,
            AttentionProbsDropoutProb = 0.125, LayerNormEps = 1e-7, InitializerRange = 0.5, PadTokenId = 7,
            ClassifierDropout = 0.375, NumLabels = 3, LabelNames = ["x", "y", "z"],
        };
        // Every field differs from its default, so the round trip cannot pass on defaults.
        foreach (var spec in BertConfigFields.All)
            Assert.NotEqual(BertConfigValues.Describe(new BertConfig(), spec.Field), BertConfigValues.Describe(config, spec.Field));

        var json = BertConfigJson.ToJson(config);
        var read = BertConfigJson.Parse(json, "round trip");

        var root = JsonNode.Parse(json)!.AsObject();
        foreach (var spec in BertConfigFields.All)
        {
            // num_labels is written as id2label, as Hugging Face writes it.
            Assert.True(root.ContainsKey(spec.JsonName) || spec.Field == BertConfigField.NumLabels, spec.JsonName);
            Assert.Equal(BertConfigValues.Describe(config, spec.Field), BertConfigValues.Describe(read, spec.Field));
        }
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void A_size_outside_the_tables_range_is_refused_naming_the_field(BertConfigField field)
    {
        var spec = field.Spec();
        foreach (long value in new[] { spec.Minimum - 1, spec.Maximum + 1 })
        {
            var json = JsonNode.Parse(BertConfigJson.ToJson(new BertConfig()))!.AsObject();
            json[spec.JsonName] = value;
            json.Remove("id2label");
            json.Remove("label2id");

            var error = Assert.Throws<BertConfigException>(() => BertConfigJson.Parse(json.ToJsonString(), "config.json"));

            Assert.Contains($"{spec.JsonName} is {value}", error.Message);
            Assert.Contains("config.json", error.Message);
        }
    }

    [Theory]
    [InlineData("""{ "id2label": { "0": "a", "1": "a" } }""", "names 2 classes \"a\"")]
    [InlineData("""{ "id2label": { "0": "a", "1": "" } }""", "gives class 1 an empty name")]
    [InlineData("""{ "id2label": { "0": "a", "1": null } }""", "id2label.1 is null")]
    [InlineData("""{ "architectures": [null] }""", "architectures[0] is null")]
    [InlineData("""{ "num_hidden_layers": 65536 }""", "num_hidden_layers is 65536; expected a whole number from 1 to 1,000")]
    [InlineData("""{ "vocab_size": 2147483647 }""", "vocab_size is 2147483647")]
    public void Label_names_and_sizes_that_cannot_work_are_refused_with_the_field_named(string json, string expected)
    {
        var error = Assert.Throws<BertConfigException>(() => BertConfigJson.Parse(json, "config.json"));

        Assert.Contains(expected, error.Message);
    }

    // Integers, doubles and the activation compared as numbers, as the table holds them.
    private static double? Numeric(object? value) => value switch
    {
        null => null,
        HiddenActivation activation => (int)activation,
        IReadOnlyList<string> => throw new InvalidOperationException("label names have no numeric default"),
        _ => Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture),
    };
}
