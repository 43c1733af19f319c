using BertGen.Modeling;
using BertGen.Tests.Infrastructure;

namespace BertGen.Tests.Modeling;

/// <summary>config.json in and out, checked against the declaration.</summary>
public class ConfigTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("bertgen-config-");

    public void Dispose() => _folder.Delete(recursive: true);

    private string Write(string json)
    {
        var path = Path.Combine(_folder.FullName, "config.json");
        File.WriteAllText(path, json);
        return path;
    }

    [Fact]
    public void Every_mismatch_is_reported_in_one_error_naming_field_file_value_and_declared_value()
    {
        var path = Write("""
            { "model_type": "bert", "architectures": ["BertForSequenceClassification"], "num_hidden_layers": 6, "num_attention_heads": 4,
              "hidden_size": 64, "intermediate_size": 128, "vocab_size": 300, "max_position_embeddings": 64, "hidden_act": "relu",
              "id2label": { "0": "bad", "1": "neutral", "2": "good" } }
            """);

        var error = Assert.Throws<BertConfigException>(() => TinyClassifier.LoadConfig(path));

        Assert.Contains(path, error.Message);
        Assert.Contains("num_hidden_layers: the file has 6, TinyClassifier declares 2", error.Message);
        Assert.Contains("hidden_act: the file has \"relu\", TinyClassifier declares \"gelu\"", error.Message);
        Assert.DoesNotContain("hidden_size", error.Message);
    }

    [SkippableFact]
    public void Open_fields_come_from_the_real_bert_tiny_config()
    {
        var path = SharedData.File("models/configs/bert-tiny-uncased.finetuned-seqcls.config.json");

        var config = AnyBertClassifier.LoadConfig(path);
        using var model = new AnyBertClassifier(config);

        Assert.Equal((2, 2, 128, 512, 30522), (config.NumHiddenLayers, config.NumAttentionHeads, config.HiddenSize, config.IntermediateSize, config.VocabSize));
        Assert.Equal(2, config.NumLabels);
        Assert.Equal(4_386_178, model.parameters().Sum(p => p.numel())); // Hugging Face's count for bert-tiny with 2 labels
    }

    [Fact]
    public void A_class_with_open_sizes_has_no_constructor_without_a_config()
    {
        Assert.Null(typeof(AnyBertClassifier).GetConstructor(Type.EmptyTypes));
        Assert.NotNull(typeof(TinyClassifier).GetConstructor(Type.EmptyTypes));

        var error = Assert.Throws<BertConfigException>(() => AnyBertClassifier.Declaration.RequireClosed());

        Assert.Contains("num_hidden_layers", error.Message);
        Assert.Contains("LoadConfig", error.Message);
    }

    [Fact]
    public void A_pretraining_checkpoint_config_serves_a_classifier_with_its_own_labels()
    {
        var pretraining = TinyPretraining.Declaration.Values;
        var path = Write(BertConfigJson.ToJson(pretraining));

        var config = TinyClassifier.LoadConfig(path);

        Assert.Equal(3, config.NumLabels);
        Assert.Equal(["bad", "neutral", "good"], config.LabelNames);
        Assert.Equal("BertForSequenceClassification", config.Architecture);
    }

    [Fact]
    public void Written_config_uses_hugging_faces_schema_and_reads_back_the_same()
    {
        using var model = new TinyClassifier();
        var path = Path.Combine(_folder.FullName, "config.json");

        BertConfigJson.Save(model.Config, path);
        var json = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(path))!;

        Assert.Equal("BertForSequenceClassification", (string)json["architectures"]![0]!);
        Assert.Equal("bert", (string)json["model_type"]!);
        Assert.Equal("good", (string)json["id2label"]!["2"]!);
        Assert.Equal(1, (int)json["label2id"]!["neutral"]!);
        Assert.Equal(64, (int)json["hidden_size"]!);
        Assert.Equal(model.Config, TinyClassifier.LoadConfig(path) with { LabelNames = model.Config.LabelNames });
        Assert.Equal(model.Config.LabelNames, TinyClassifier.LoadConfig(path).LabelNames);
        Assert.False(File.Exists(path + ".tmp"));
    }

    [Theory]
    [InlineData("{ \"hidden_size\": \"wide\" }", "hidden_size is \"wide\"; expected an integer")]
    [InlineData("{ \"hidden_size\": 100, \"num_attention_heads\": 12 }", "hidden_size 100 is not a multiple of num_attention_heads 12")]
    [InlineData("{ \"model_type\": \"gpt2\" }", "model_type is \"gpt2\"; expected \"bert\"")]
    [InlineData("{ \"hidden_act\": \"swish\" }", "hidden_act \"swish\" is not supported")]
    [InlineData("{ \"hidden_dropout_prob\": 1.5 }", "hidden_dropout_prob is 1.5; expected a probability in [0, 1)")]
    [InlineData("{ \"num_hidden_layers\": 2, ", "not valid JSON (line 1)")]
    public void Bad_config_files_get_clear_errors_naming_the_file(string json, string expected)
    {
        var path = Write(json);

        var error = Assert.Throws<BertConfigException>(() => BertConfigJson.Load(path));

        Assert.StartsWith(path, error.Message);
        Assert.Contains(expected, error.Message);
    }
}
