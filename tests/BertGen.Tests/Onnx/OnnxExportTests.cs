using BertGen.Checkpoints;
using BertGen.Modeling;
using BertGen.Onnx;
using BertGen.Tests.Checkpoints;
using BertGen.Tests.Infrastructure;
using BertGen.Tokenization;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace BertGen.Tests.Onnx;

/// <summary>
/// Every head exports to an ONNX graph that ONNX Runtime runs to the TorchSharp model's outputs, and that
/// imports back to the same weights; the imported MiniLM does the same on real sentences.
/// </summary>
public sealed class OnnxExportTests(ITestOutputHelper log) : IDisposable
{
    private readonly string output = Directory.CreateTempSubdirectory("bertgen-export-").FullName;

    public static TheoryData<string, string> Heads() => new()
    {
        { "encoder", "BertModel" },
        { "sequence-classification", "BertForSequenceClassification" },
        { "regression", "BertForSequenceClassification" },
        { "token-classification", "BertForTokenClassification" },
        { "question-answering", "BertForQuestionAnswering" },
        { "masked-lm", "BertForMaskedLM" },
        { "next-sentence", "BertForNextSentencePrediction" },
        { "pretraining", "BertForPreTraining" },
        { "multiple-choice", "BertForMultipleChoice" },
    };

    [Theory]
    [MemberData(nameof(Heads))]
    public void Exported_heads_run_in_onnx_runtime_as_in_torchsharp_and_import_back(string head, string architecture)
    {
        using var scope = NewDisposeScope();
        var folder = CheckpointFixtures.Folder(head);
        var reference = CheckpointFixtures.Reference(folder);
        var onnx = Path.Combine(output, head + ".onnx");

        var result = OnnxExport.FromFolder(folder, onnx);
        var (outputs, _) = CheckpointFixtures.Run(head, folder, reference);
        var exported = OnnxRuntimeReference.Run(onnx, reference);

        Assert.Equal(architecture, result.Architecture);
        Assert.Equal(["input_ids", "attention_mask", "token_type_ids"], result.Inputs);
        Assert.Equal(result.Outputs.Order(), exported.Keys.Order());
        foreach (var (name, value) in exported)
        {
            Assert.Equal(outputs[name].shape, value.shape);
            double difference = (outputs[name] - value).abs().max().item<float>();
            log.WriteLine($"{head}: '{name}' differs from TorchSharp's by {difference:E2}");
            Assert.True(difference <= 1e-4, $"{head}: '{name}' differs from TorchSharp's by {difference:E2}");
        }

        // Back through the importer: the same head and, tensor for tensor, the same weights.
        using var imported = OnnxImport.Read(onnx);
        Assert.Equal(architecture, imported.Config.Architecture);
        using var stored = CheckpointFiles.Open(CheckpointFiles.FindWeights(folder));
        // Names matched as checkpoint loading matches them (a bare encoder's file has no bert. prefix, and so on).
        var storedNames = new CheckpointKeyMap(imported.Tensors.Keys.ToList(), stored.Tensors.Keys).Assignments;
        foreach (var name in imported.Tensors.Keys)
        {
            var storedName = storedNames[name];
            var (back, original) = (imported.Read(name), stored.Read(storedName).to(ScalarType.Float32));
            Assert.True(back.shape.SequenceEqual(original.shape) && back.eq(original).all().item<bool>(), $"{head}: '{name}' changed on the way through ONNX");
        }
        // What the graph cannot show (label names, the problem type) rides along in its metadata.
        var folderConfig = BertConfigJson.Load(Path.Combine(folder, "config.json"));
        // (num_labels means nothing to multiple choice, whose classifier scores each choice with one output.)
        if (architecture != "BertForMultipleChoice")
            Assert.Equal(folderConfig.NumLabels, imported.Config.NumLabels);
        Assert.Equal(Enumerable.Range(0, imported.Config.NumLabels).Select(folderConfig.LabelName), Enumerable.Range(0, imported.Config.NumLabels).Select(imported.Config.LabelName));
        Assert.Equal(folderConfig.ProblemType, imported.Config.ProblemType);
        var carried = stored.Tensors.Keys.Count(name => !CheckpointKeyMap.TiedAliases.ContainsKey(name) && !name.EndsWith("position_ids", StringComparison.Ordinal));
        Assert.Equal(carried, imported.Tensors.Count);
    }

    [Fact]
    public void A_generated_model_exports_its_current_weights()
    {
        using var scope = NewDisposeScope();
        var reference = CheckpointFixtures.Reference(CheckpointFixtures.Folder("sequence-classification"));
        using var model = FixtureClassifier.FromPretrained(CheckpointFixtures.Folder("sequence-classification"), out _);
        using (no_grad())
            model.state_dict()["classifier.bias"].add_(1.5f);
        var onnx = Path.Combine(output, "changed.onnx");

        OnnxExport.Save(model, onnx);
        var logits = model.Forward(CheckpointFixtures.Inputs(reference)).Logits;
        var exported = OnnxRuntimeReference.Run(onnx, reference)["logits"];

        Assert.True((logits - exported).abs().max().item<float>() <= 1e-4);
        Assert.True((reference["logits"] + 1.5f - exported).abs().max().item<float>() <= 1e-4, "the export did not carry the changed bias");
    }

    [Fact]
    public void The_imported_minilm_exports_to_a_graph_that_matches_on_real_sentences()
    {
        using var scope = NewDisposeScope();
        using var model = FixtureEncoder.FromOnnx(MiniLmPackage.OnnxPath, out _, new CheckpointLoadOptions { Strict = true });
        var onnx = Path.Combine(output, "minilm.onnx");
        OnnxExport.Save(model, onnx);

        var tokenizer = BertTokenizer.FromVocabulary(MiniLmPackage.VocabularyPath);
        var inputs = tokenizer.EncodeBatch(MiniLmImportTests.Sentences(8));
        var feed = new Dictionary<string, Tensor> { ["input_ids"] = inputs.InputIds, ["attention_mask"] = inputs.AttentionMask!, ["token_type_ids"] = inputs.TokenTypeIds ?? zeros_like(inputs.InputIds) };
        var ours = model.Forward(inputs);
        var real = inputs.AttentionMask!.unsqueeze(-1).to(ScalarType.Float32);
        foreach (var optimised in new[] { false, true })
        {
            var exported = OnnxRuntimeReference.Run(onnx, feed, optimised);
            double hidden = ((ours.LastHiddenState - exported["last_hidden_state"]).abs() * real).max().item<float>();
            double pooled = (ours.PooledOutput! - exported["pooler_output"]).abs().max().item<float>();
            log.WriteLine($"MiniLM export, ORT graph optimisations {(optimised ? "on" : "off")}: last_hidden_state within {hidden:E2}, pooler_output within {pooled:E2}");
            Assert.True(hidden <= 1e-4 && pooled <= 1e-4, $"the exported MiniLM differs from TorchSharp by {hidden:E2} (hidden) and {pooled:E2} (pooled), optimisations {(optimised ? "on" : "off")}");
        }
    }

    [Fact]
    public void Weights_may_live_in_an_external_data_file()
    {
        using var scope = NewDisposeScope();
        var folder = CheckpointFixtures.Folder("question-answering");
        var reference = CheckpointFixtures.Reference(folder);
        var onnx = Path.Combine(output, "external", "reader.onnx");

        var result = OnnxExport.FromFolder(folder, onnx, new OnnxExportOptions { ExternalData = true });
        var (outputs, _) = CheckpointFixtures.Run("question-answering", folder, reference);
        var exported = OnnxRuntimeReference.Run(onnx, reference);

        Assert.Equal(onnx + "_data", result.ExternalDataPath);
        Assert.True(new FileInfo(onnx).Length < 20_000, $"the graph holds {new FileInfo(onnx).Length:N0} bytes; its weights belong in the data file");
        Assert.True((outputs["start_logits"] - exported["start_logits"]).abs().max().item<float>() <= 1e-4);
        using var imported = OnnxImport.Read(onnx);
        Assert.Equal("BertForQuestionAnswering", imported.Config.Architecture);
    }

    [Fact]
    public void Weights_the_head_does_not_use_are_refused_unless_another_head_is_chosen()
    {
        using var scope = NewDisposeScope();
        // A classifier folder whose config claims a bare encoder: the classifier would be dropped silently.
        var folder = Path.Combine(output, "mislabelled");
        Directory.CreateDirectory(folder);
        var source = CheckpointFixtures.Folder("sequence-classification");
        File.Copy(Path.Combine(source, "model.safetensors"), Path.Combine(folder, "model.safetensors"));
        File.WriteAllText(Path.Combine(folder, "config.json"), File.ReadAllText(Path.Combine(source, "config.json")).Replace("BertForSequenceClassification", "BertModel"));

        var error = Assert.Throws<CheckpointException>(() => OnnxExport.FromFolder(folder, Path.Combine(output, "refused.onnx")));
        Assert.StartsWith(Path.Combine(folder, "model.safetensors") + ": holds tensors a BertModel does not use: classifier.bias, classifier.weight", error.Message);
        Assert.False(File.Exists(Path.Combine(output, "refused.onnx")));

        var encoder = OnnxExport.FromFolder(folder, Path.Combine(output, "encoder.onnx"), new OnnxExportOptions { Architecture = "BertModel" });
        Assert.Equal(["last_hidden_state", "pooler_output"], encoder.Outputs);
    }

    [Fact]
    public void A_missing_weight_is_named()
    {
        var folder = Path.Combine(output, "headless");
        Directory.CreateDirectory(folder);
        var source = CheckpointFixtures.Folder("encoder");
        File.Copy(Path.Combine(source, "model.safetensors"), Path.Combine(folder, "model.safetensors"));
        File.WriteAllText(Path.Combine(folder, "config.json"), File.ReadAllText(Path.Combine(source, "config.json")).Replace("\"BertModel\"", "\"BertForTokenClassification\""));

        var error = Assert.Throws<CheckpointException>(() => OnnxExport.FromFolder(folder, Path.Combine(output, "missing.onnx")));
        Assert.Contains("'classifier.weight'", error.Message);
        Assert.Contains("model.safetensors", error.Message);
    }

    public void Dispose() => Directory.Delete(output, recursive: true);
}
