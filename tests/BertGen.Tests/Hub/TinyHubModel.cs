using BertGen.Checkpoints;
using BertGen.Modeling;
using BertGen.Models;
using static TorchSharp.torch;

namespace BertGen.Tests.Hub;

/// <summary>
/// A tiny sequence classifier saved by the library as a Hugging Face folder (config.json, model.safetensors,
/// vocab.txt, tokenizer_config.json), whose files the fake hub serves. Built once for all hub tests.
/// </summary>
public sealed class TinyHubModel : IDisposable
{
    public static readonly BertConfig Config = new()
    {
        NumHiddenLayers = 1, NumAttentionHeads = 2, HiddenSize = 8, IntermediateSize = 16, VocabSize = 12,
        MaxPositionEmbeddings = 16, NumLabels = 2, LabelNames = ["negative", "positive"],
    };

    public TinyHubModel()
    {
        using (var model = BertForSequenceClassification.Create(Config))
        {
            var vocabulary = Path.Combine(Folder, "source-vocab.txt");
            File.WriteAllLines(vocabulary, ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "good", "bad", "movie", "the", "was", "##s", "!"]);
            model.SavePretrained(Path.Combine(Folder, "saved"), new ModelFolderOptions { VocabularyPath = vocabulary });
            Shards = SplitIntoShards(model);
        }
        Files = Directory.GetFiles(Path.Combine(Folder, "saved")).ToDictionary(path => Path.GetFileName(path), File.ReadAllBytes);
    }

    public string Folder { get; } = Directory.CreateTempSubdirectory("bertgen-hub-model-").FullName;

    /// <summary>The saved folder, to compare downloads with.</summary>
    public string SavedFolder => Path.Combine(Folder, "saved");

    /// <summary>The files of the saved folder by name.</summary>
    public IReadOnlyDictionary<string, byte[]> Files { get; }

    /// <summary>The same weights as two safetensors shards with their index, and no model.safetensors.</summary>
    public IReadOnlyDictionary<string, byte[]> Shards { get; }

    public void Dispose() => Directory.Delete(Folder, recursive: true);

    public static void AssertSameWeights(nn.Module expected, nn.Module actual)
    {
        var (a, b) = (expected.state_dict(), actual.state_dict());
        Assert.Equal(a.Keys.Order(), b.Keys.Order());
        foreach (var (name, tensor) in a)
            Assert.True(tensor.equal(b[name]).all().item<bool>(), $"{name} differs");
    }

    private Dictionary<string, byte[]> SplitIntoShards(nn.Module model)
    {
        var tensors = model.state_dict().Where(e => !CheckpointKeyMap.TiedAliases.ContainsKey(e.Key)).ToList();
        var half = tensors.Count / 2;
        var files = new Dictionary<string, byte[]>();
        var weightMap = new System.Text.Json.Nodes.JsonObject();
        foreach (var (name, part) in new[] { ("model-00001-of-00002.safetensors", tensors[..half]), ("model-00002-of-00002.safetensors", tensors[half..]) })
        {
            using var stream = new MemoryStream();
            SafetensorsWriter.Write(stream, part.Select(e => (e.Key, e.Value)));
            files[name] = stream.ToArray();
            foreach (var entry in part)
                weightMap[entry.Key] = name;
        }
        files[CheckpointFiles.SafetensorsIndex] = System.Text.Encoding.UTF8.GetBytes(new System.Text.Json.Nodes.JsonObject
        {
            ["metadata"] = new System.Text.Json.Nodes.JsonObject { ["total_size"] = files.Values.Sum(f => f.Length) },
            ["weight_map"] = weightMap,
        }.ToJsonString());
        return files;
    }
}
