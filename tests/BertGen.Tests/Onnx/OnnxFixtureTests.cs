using BertGen.Checkpoints;
using BertGen.Onnx;
using BertGen.Tests.Checkpoints;
using BertGen.Tests.Infrastructure;
using static TorchSharp.torch;

namespace BertGen.Tests.Onnx;

/// <summary>
/// Every head of the independent PyTorch BERT, exported by PyTorch's ONNX exporter at opsets 11 and 14
/// (tests/fixtures/make_onnx.py), imports to a model folder that gives ONNX Runtime's outputs on the same
/// graph, and the reference outputs PyTorch wrote, and loads strictly (no tensor missing or left over).
/// </summary>
public sealed class OnnxFixtureTests : IDisposable
{
    private readonly string output = Directory.CreateTempSubdirectory("bertgen-onnx-").FullName;

    public static string FixturePath(string name) => Path.Combine(RepositoryPaths.Root, "tests", "fixtures", "onnx", name + ".onnx");

    public static TheoryData<string, int, string> Exports()
    {
        var architectures = new Dictionary<string, string>
        {
            ["encoder"] = "BertModel",
            ["sequence-classification"] = "BertForSequenceClassification",
            ["token-classification"] = "BertForTokenClassification",
            ["question-answering"] = "BertForQuestionAnswering",
            ["masked-lm"] = "BertForMaskedLM",
            ["next-sentence"] = "BertForNextSentencePrediction",
            ["pretraining"] = "BertForPreTraining",
            ["multiple-choice"] = "BertForMultipleChoice",
        };
        var data = new TheoryData<string, int, string>();
        foreach (var (head, architecture) in architectures)
        {
            data.Add(head, 11, architecture);
            data.Add(head, 14, architecture);
        }
        data.Add("encoder", 17, "BertModel");
        return data;
    }

    [Theory]
    [MemberData(nameof(Exports))]
    public void Imported_heads_match_onnx_runtime_and_the_reference(string head, int opset, string architecture)
    {
        using var scope = NewDisposeScope();
        var onnx = FixturePath($"{head}-opset{opset}");
        var reference = CheckpointFixtures.Reference(CheckpointFixtures.Folder(head));

        // The fixture classifier declares its label names; a graph carries none.
        var names = head == "sequence-classification" ? new[] { "bad", "neutral", "good" } : null;
        var config = OnnxImport.ToFolder(onnx, output, options: new OnnxImportOptions { LabelNames = names });
        var (outputs, report) = CheckpointFixtures.Run(head, output, reference);
        var expected = OnnxRuntimeReference.Run(onnx, reference);

        Assert.Equal(architecture, config.Architecture);
        Assert.Empty(report.Missing);
        Assert.Empty(report.Unexpected);
        Assert.NotEmpty(expected);
        foreach (var (name, value) in expected)
        {
            double difference = (outputs[name] - value).abs().max().item<float>();
            Assert.True(difference <= 1e-4, $"{head} opset {opset}: '{name}' differs from ONNX Runtime's by {difference:E2}");
        }
        CheckpointFixtures.AssertMatches(reference, outputs, select: name => expected.ContainsKey(name));
    }

    [Fact]
    public void The_configuration_comes_from_the_graph()
    {
        var token = OnnxImport.ToFolder(FixturePath("token-classification-opset14"), output);
        Assert.Equal((2, 4, 32, 64, 120, 24, 2, 5), (token.NumHiddenLayers, token.NumAttentionHeads, token.HiddenSize, token.IntermediateSize, token.VocabSize, token.MaxPositionEmbeddings, token.TypeVocabSize, token.NumLabels));
        Assert.Equal(HiddenActivation.GeluTanh, token.HiddenAct);
        Assert.Equal(1e-12, token.LayerNormEps);
        Assert.Equal(HiddenActivation.Relu, OnnxImport.ToFolder(FixturePath("next-sentence-opset11"), output).HiddenAct);
        Assert.Equal(HiddenActivation.Gelu, OnnxImport.ToFolder(FixturePath("encoder-opset17"), output).HiddenAct);
    }

    [Fact]
    public void A_generated_model_loads_the_graph_directly()
    {
        using var scope = NewDisposeScope();
        var onnx = FixturePath("sequence-classification-opset14");
        var reference = CheckpointFixtures.Reference(CheckpointFixtures.Folder("sequence-classification"));

        using var model = FixtureClassifier.FromOnnx(onnx, out var report, new CheckpointLoadOptions { Strict = true });
        var logits = model.Forward(CheckpointFixtures.Inputs(reference)).Logits;

        Assert.Equal(onnx, report.WeightsPath);
        Assert.True((logits - reference["logits"]).abs().max().item<float>() <= 1e-5);
    }

    public void Dispose() => Directory.Delete(output, recursive: true);
}
