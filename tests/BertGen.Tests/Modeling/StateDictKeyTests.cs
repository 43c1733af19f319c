using static TorchSharp.torch;

namespace BertGen.Tests.Modeling;

/// <summary>
/// The state-dict keys of each head equal those of the Hugging Face class (transformers' modeling_bert,
/// persistent entries only), written out here from Hugging Face's module layout.
/// </summary>
public class StateDictKeyTests
{
    private static IEnumerable<string> Backbone(string prefix, int layers, bool pooler)
    {
        foreach (var name in new[] { "word_embeddings.weight", "position_embeddings.weight", "token_type_embeddings.weight", "LayerNorm.weight", "LayerNorm.bias" })
            yield return $"{prefix}embeddings.{name}";
        for (int i = 0; i < layers; i++)
        {
            foreach (var name in new[]
            {
                "attention.self.query.weight", "attention.self.query.bias", "attention.self.key.weight", "attention.self.key.bias",
                "attention.self.value.weight", "attention.self.value.bias", "attention.output.dense.weight", "attention.output.dense.bias",
                "attention.output.LayerNorm.weight", "attention.output.LayerNorm.bias", "intermediate.dense.weight", "intermediate.dense.bias",
                "output.dense.weight", "output.dense.bias", "output.LayerNorm.weight", "output.LayerNorm.bias",
            })
            {
                yield return $"{prefix}encoder.layer.{i}.{name}";
            }
        }
        if (pooler)
        {
            yield return $"{prefix}pooler.dense.weight";
            yield return $"{prefix}pooler.dense.bias";
        }
    }

    private static readonly string[] s_maskedLM =
    [
        "cls.predictions.bias", "cls.predictions.transform.dense.weight", "cls.predictions.transform.dense.bias",
        "cls.predictions.transform.LayerNorm.weight", "cls.predictions.transform.LayerNorm.bias",
        "cls.predictions.decoder.weight", "cls.predictions.decoder.bias",
    ];

    private static readonly string[] s_nextSentence = ["cls.seq_relationship.weight", "cls.seq_relationship.bias"];
    private static readonly string[] s_classifier = ["classifier.weight", "classifier.bias"];

    public static TheoryData<Type, string[]> Expected => new()
    {
        { typeof(TinyEncoder), [.. Backbone("", 2, pooler: true)] },
        { typeof(TinyClassifier), [.. Backbone("bert.", 2, pooler: true), .. s_classifier] },
        { typeof(TinyTagger), [.. Backbone("bert.", 2, pooler: false), .. s_classifier] },
        { typeof(TinyReader), [.. Backbone("bert.", 2, pooler: false), "qa_outputs.weight", "qa_outputs.bias"] },
        { typeof(TinyMaskedLM), [.. Backbone("bert.", 2, pooler: false), .. s_maskedLM] },
        { typeof(TinyNextSentence), [.. Backbone("bert.", 2, pooler: true), .. s_nextSentence] },
        { typeof(TinyPretraining), [.. Backbone("bert.", 2, pooler: true), .. s_maskedLM, .. s_nextSentence] },
        { typeof(TinyChooser), [.. Backbone("bert.", 2, pooler: true), .. s_classifier] },
    };

    [Theory]
    [MemberData(nameof(Expected))]
    public void State_dict_keys_equal_hugging_faces(Type modelType, string[] expected)
    {
        using var scope = NewDisposeScope();
        using var model = (nn.Module)Activator.CreateInstance(modelType)!;

        var actual = model.state_dict().Keys.Order(StringComparer.Ordinal).ToArray();

        Assert.Equal(expected.Order(StringComparer.Ordinal).ToArray(), actual);
    }
}
