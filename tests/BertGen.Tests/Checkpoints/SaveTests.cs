using System.Text.Json;
using BertGen.Checkpoints;
using BertGen.Modeling;
using BertGen.Tests.Infrastructure;
using static TorchSharp.torch;

namespace BertGen.Tests.Checkpoints;

/// <summary>Saved model folders are what Hugging Face writes and reads, and saving never half-writes.</summary>
public sealed class SaveTests : IDisposable
{
    private readonly string temporary = Directory.CreateTempSubdirectory("bertgen-save-").FullName;

    public void Dispose() => Directory.Delete(temporary, recursive: true);

    private static string SavedByBertGen => CheckpointFixtures.Folder("saved-by-bertgen");

    [Fact]
    public void Save_then_load_gives_identical_outputs()
    {
        using var scope = NewDisposeScope();
        var reference = CheckpointFixtures.Reference(CheckpointFixtures.Folder("pretraining"));
        using var original = FixturePretraining.FromPretrained(CheckpointFixtures.Folder("pretraining"));

        original.SavePretrained(temporary);
        using var reloaded = FixturePretraining.FromPretrained(temporary, out var report, new CheckpointLoadOptions { Strict = true });

        var inputs = CheckpointFixtures.Inputs(reference);
        var (before, after) = (original.Forward(inputs), reloaded.Forward(inputs));
        Assert.True(before.PredictionLogits.equal(after.PredictionLogits).all().item<bool>());
        Assert.True(before.SeqRelationshipLogits.equal(after.SeqRelationshipLogits).all().item<bool>());
        Assert.Equal(["cls.predictions.decoder.bias", "cls.predictions.decoder.weight"], report.Tied.Order());
        Assert.Equal(BertConfigJson.ToJson(original.Config), BertConfigJson.ToJson(reloaded.Config));
    }

    [Fact]
    public void The_saved_folder_has_hugging_faces_layout()
    {
        using var model = FixturePretraining.FromPretrained(CheckpointFixtures.Folder("pretraining"));

        model.SavePretrained(temporary);

        Assert.Equal(["config.json", "model.safetensors"], Directory.GetFiles(temporary).Select(Path.GetFileName).Order());
        using var saved = SafetensorsReader.Open(Path.Combine(temporary, "model.safetensors"));
        Assert.Equal("pt", saved.Metadata["format"]);
        // Tied weights are stored once, under the embedding's name, as save_pretrained does.
        Assert.DoesNotContain("cls.predictions.decoder.weight", saved.Tensors.Keys);
        Assert.DoesNotContain("cls.predictions.decoder.bias", saved.Tensors.Keys);
        Assert.Equal(model.state_dict().Count - 2, saved.Tensors.Count);
        Assert.All(saved.Tensors.Values, t => Assert.Equal(ScalarType.Float32, t.DType));
        using var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(temporary, "config.json")));
        Assert.Equal("BertForPreTraining", config.RootElement.GetProperty("architectures")[0].GetString());
        Assert.Equal("bert", config.RootElement.GetProperty("model_type").GetString());
    }

    [Fact]
    public void The_tokenizer_files_go_with_the_model_when_given()
    {
        var vocabulary = Path.Combine(temporary, "source-vocab.txt");
        File.WriteAllLines(vocabulary, ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "movie"]);
        using var model = new FixtureClassifier();
        var folder = Path.Combine(temporary, "model");

        model.SavePretrained(folder, new ModelFolderOptions { VocabularyPath = vocabulary, LowerCase = true });

        Assert.Equal(File.ReadAllBytes(vocabulary), File.ReadAllBytes(Path.Combine(folder, "vocab.txt")));
        using var tokenizerConfig = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "tokenizer_config.json")));
        Assert.True(tokenizerConfig.RootElement.GetProperty("do_lower_case").GetBoolean());
        Assert.Equal("BertTokenizer", tokenizerConfig.RootElement.GetProperty("tokenizer_class").GetString());
        Assert.Equal(24, tokenizerConfig.RootElement.GetProperty("model_max_length").GetInt32());
    }

    [Fact]
    public void A_failing_save_leaves_the_previous_files_whole_and_no_temporary_files()
    {
        var target = Path.Combine(temporary, "model.safetensors");
        File.WriteAllText(target, "the previous model");
        File.WriteAllText(Path.Combine(temporary, "config.json"), "the previous config");

        Assert.Throws<IOException>(() => AtomicFiles.WriteAll(temporary,
        [
            ("config.json", stream => stream.Write("new config"u8)),
            ("model.safetensors", stream => { stream.Write(new byte[4096]); throw new IOException("disk full"); }),
        ]));

        Assert.Equal("the previous model", File.ReadAllText(target));
        Assert.Equal("the previous config", File.ReadAllText(Path.Combine(temporary, "config.json")));
        Assert.Equal(2, Directory.GetFiles(temporary).Length);
    }

    /// <summary>
    /// tests/fixtures/checkpoints/saved-by-bertgen is this code's save of the pretraining fixture, and
    /// make_checkpoints.py's `verify` loaded it the way from_pretrained does and wrote its outputs there.
    /// Set BERTGEN_UPDATE_FIXTURES=1 to rewrite the folder after a deliberate change to the writer (then
    /// run the script's verify again).
    /// </summary>
    [Fact]
    public void The_committed_bertgen_save_is_what_the_writer_produces_today()
    {
        using var model = FixturePretraining.FromPretrained(CheckpointFixtures.Folder("pretraining"));
        if (Environment.GetEnvironmentVariable("BERTGEN_UPDATE_FIXTURES") == "1")
            model.SavePretrained(SavedByBertGen);

        model.SavePretrained(temporary);

        foreach (var file in new[] { "config.json", "model.safetensors" })
            Assert.True(File.ReadAllBytes(Path.Combine(temporary, file)).SequenceEqual(File.ReadAllBytes(Path.Combine(SavedByBertGen, file))), $"{file} differs from the committed save");
    }

    [Fact]
    public void The_independent_implementation_reads_our_save_and_gets_our_outputs()
    {
        using var scope = NewDisposeScope();
        var pythonOutputs = CheckpointFixtures.Reference(SavedByBertGen);

        var (outputs, _) = CheckpointFixtures.Run("pretraining", SavedByBertGen, pythonOutputs);

        CheckpointFixtures.AssertMatches(pythonOutputs, outputs);
    }
}
