using BertGen.Checkpoints;
using BertGen.Modeling;
using BertGen.Tests.Modeling;
using static TorchSharp.torch;

namespace BertGen.Tests.Checkpoints;

/// <summary>Checkpoints of one head type load into another, as users start fine-tuning from pretraining.</summary>
public class KeyMappingTests
{
    private static Dictionary<string, Tensor> PretrainingReference => CheckpointFixtures.Reference(CheckpointFixtures.Folder("pretraining"));

    private static bool IsHiddenState(string name) => name.StartsWith("hidden_states.", StringComparison.Ordinal);

    [Fact]
    public void A_pretraining_checkpoint_gives_a_classifier_its_encoder_and_a_new_head()
    {
        using var scope = NewDisposeScope();
        var reference = PretrainingReference;

        using var model = FixtureClassifier.FromPretrained(CheckpointFixtures.Folder("pretraining"), out var report);
        var output = model.Forward(CheckpointFixtures.Inputs(reference));

        Assert.Equal(["classifier.bias", "classifier.weight"], report.Missing);
        Assert.Contains("cls.seq_relationship.weight", report.Unexpected);
        Assert.Contains("cls.predictions.transform.dense.weight", report.Unexpected);
        Assert.Contains("bert.pooler.dense.weight", report.Loaded);
        Assert.Equal(3, model.Config.NumLabels);
        Assert.Equal(["bad", "neutral", "good"], model.Config.LabelNames!);
        CheckpointFixtures.AssertMatches(reference, Hidden(output.HiddenStates!), select: IsHiddenState);
    }

    [Fact]
    public void A_bare_encoder_checkpoint_loads_under_the_bert_prefix()
    {
        using var scope = NewDisposeScope();
        var reference = CheckpointFixtures.Reference(CheckpointFixtures.Folder("encoder"));

        using var model = FixtureClassifier.FromPretrained(CheckpointFixtures.Folder("encoder"), out var report);
        var output = model.Forward(CheckpointFixtures.Inputs(reference));

        Assert.Equal("bert.embeddings.word_embeddings.weight", report.Renamed["embeddings.word_embeddings.weight"]);
        Assert.Equal(["classifier.bias", "classifier.weight"], report.Missing);
        Assert.Empty(report.Unexpected);
        Assert.Contains($"loaded {report.Loaded.Count} tensors, {report.Renamed.Count} without the 'bert.' prefix (a bare BertModel checkpoint);", report.ToString());
        Assert.DoesNotContain("older names", report.ToString());
        CheckpointFixtures.AssertMatches(reference, Hidden(output.HiddenStates!), select: IsHiddenState);
    }

    [Fact]
    public void A_checkpoint_with_a_head_loads_into_the_bare_encoder_without_the_prefix()
    {
        using var scope = NewDisposeScope();
        var reference = PretrainingReference;

        using var model = FixtureEncoder.FromPretrained(Path.Combine(CheckpointFixtures.Folder("pretraining"), CheckpointFiles.PyTorch), out var report);
        var output = model.Forward(CheckpointFixtures.Inputs(reference));

        Assert.Equal("pooler.dense.bias", report.Renamed["bert.pooler.dense.bias"]);
        Assert.Empty(report.Missing);
        Assert.Contains($", {report.Renamed.Count} with a 'bert.' prefix the model does not have (from a model with a head)", report.ToString());
        // The .bin stores the tied decoder under its own name too; the encoder has no use for either.
        Assert.Contains("cls.predictions.decoder.weight", report.Unexpected);
        CheckpointFixtures.AssertMatches(reference, Hidden(output.HiddenStates!), select: IsHiddenState);
    }

    [Fact]
    public void The_report_says_which_renames_were_a_missing_prefix_and_which_TensorFlow_layer_norm_names()
    {
        var report = new CheckpointLoadReport
        {
            WeightsPath = "model.bin",
            Loaded = ["bert.embeddings.LayerNorm.weight", "bert.embeddings.LayerNorm.bias", "bert.embeddings.word_embeddings.weight", "classifier.weight"],
            Renamed = new Dictionary<string, string>
            {
                ["embeddings.LayerNorm.gamma"] = "bert.embeddings.LayerNorm.weight",
                ["bert.encoder.layer.0.output.LayerNorm.beta"] = "bert.encoder.layer.0.output.LayerNorm.bias",
                ["embeddings.word_embeddings.weight"] = "bert.embeddings.word_embeddings.weight",
            },
            Missing = [], Unexpected = [], Tied = [], Conversions = [],
        };

        Assert.Equal("model.bin: loaded 4 tensors, 2 without the 'bert.' prefix (a bare BertModel checkpoint), 2 under TensorFlow's LayerNorm names (gamma/beta for weight/bias)", report.ToString());
    }

    [Fact]
    public void Strict_loading_refuses_missing_and_unexpected_tensors_and_names_them()
    {
        var error = Assert.Throws<CheckpointException>(() =>
            FixtureClassifier.FromPretrained(CheckpointFixtures.Folder("pretraining"), new CheckpointLoadOptions { Strict = true }));

        Assert.Contains("missing from the file: classifier.bias, classifier.weight", error.Message);
        Assert.Contains("not in the model: cls.predictions.bias", error.Message);
        Assert.Contains(Path.Combine("pretraining", "model.safetensors"), error.Message);
    }

    [Fact]
    public void Strict_loading_accepts_an_exact_checkpoint()
    {
        using var model = FixtureClassifier.FromPretrained(CheckpointFixtures.Folder("sequence-classification"), out var report, new CheckpointLoadOptions { Strict = true });

        Assert.Equal(model.state_dict().Count, report.Loaded.Count);
    }

    [Fact]
    public void A_shape_mismatch_names_the_tensor_and_both_shapes_and_changes_nothing()
    {
        using var scope = NewDisposeScope();
        using var model = new TinyClassifier();
        var before = model.state_dict()["bert.pooler.dense.weight"].clone();

        var error = Assert.Throws<CheckpointException>(() => model.LoadWeights(CheckpointFixtures.Folder("sequence-classification")));

        Assert.Contains("tensor 'bert.embeddings.word_embeddings.weight' has shape [120, 32]", error.Message);
        Assert.Contains("expects [300, 64]", error.Message);
        Assert.True(before.allclose(model.state_dict()["bert.pooler.dense.weight"], rtol: 0, atol: 0), "a failed load changed the model");
    }

    [Fact]
    public void A_classifier_trained_for_other_labels_gives_its_encoder_to_a_new_head_when_asked()
    {
        using var scope = NewDisposeScope();
        var folder = CheckpointFixtures.Folder("sequence-classification");
        var reference = CheckpointFixtures.Reference(folder);
        var config = BertConfigJson.Load(Path.Combine(folder, "config.json")) with { NumLabels = 2, LabelNames = ["no", "yes"] };
        using var model = BertGen.Models.BertForSequenceClassification.Create(config);

        var error = Assert.Throws<CheckpointException>(() => model.LoadWeights(folder));
        var report = model.LoadWeights(folder, new CheckpointLoadOptions { IgnoreMismatchedSizes = ["classifier.weight", "classifier.bias"] });
        model.eval();
        var output = model.Forward(CheckpointFixtures.Inputs(reference));

        Assert.Contains("tensor 'classifier.weight' has shape [3, 32]", error.Message);
        Assert.Equal(["classifier.bias", "classifier.weight"], report.Missing.Order());
        CheckpointFixtures.AssertMatches(reference, Hidden(output.HiddenStates!), select: IsHiddenState);
    }

    [Fact]
    public void A_config_that_contradicts_the_declaration_is_the_declarations_error()
    {
        var error = Assert.Throws<BertConfigException>(() => TinyClassifier.FromPretrained(CheckpointFixtures.Folder("sequence-classification")));

        Assert.Contains("hidden_size: the file has 32, TinyClassifier declares 64", error.Message);
        Assert.Contains("vocab_size: the file has 120, TinyClassifier declares 300", error.Message);
    }

    [Fact]
    public void A_folder_without_weights_says_what_it_expected()
    {
        var folder = Directory.CreateTempSubdirectory("bertgen-empty-").FullName;
        try
        {
            File.Copy(Path.Combine(CheckpointFixtures.Folder("sequence-classification"), "config.json"), Path.Combine(folder, "config.json"));

            var error = Assert.Throws<CheckpointException>(() => FixtureClassifier.FromPretrained(folder));

            Assert.Contains(folder, error.Message);
            Assert.Contains("model.safetensors, model.safetensors.index.json, pytorch_model.bin", error.Message);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static Dictionary<string, Tensor> Hidden(IReadOnlyList<Tensor> hiddenStates) =>
        hiddenStates.Select((h, i) => (h, i)).ToDictionary(p => $"hidden_states.{p.i}", p => p.h);
}
