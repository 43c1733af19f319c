using System.Text.Json;
using BertGen.Checkpoints;

namespace BertGen.Tests.Hardening;

/// <summary>Shard indexes that name themselves or each other: refused by name, never followed until the stack overflows.</summary>
public sealed class ShardIndexHardeningTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("bertgen-shards-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private string Index(string name, string shard)
    {
        var path = Path.Combine(folder, name);
        File.WriteAllText(path, JsonSerializer.Serialize(new { weight_map = new Dictionary<string, string> { ["bert.embeddings.word_embeddings.weight"] = shard } }));
        return path;
    }

    [Fact]
    public void An_index_that_names_itself_or_another_index_is_refused()
    {
        var self = Index("model.safetensors.index.json", "model.safetensors.index.json");
        var first = Index("a.safetensors.index.json", "b.safetensors.index.json");
        Index("b.safetensors.index.json", "a.safetensors.index.json");

        foreach (var index in new[] { self, first })
        {
            var error = Assert.Throws<CheckpointException>(() => CheckpointFiles.Open(index).Dispose());
            Assert.StartsWith($"{index}: weight_map sends 'bert.embeddings.word_embeddings.weight' to the index", error.Message);
        }
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("{\"weight_map\": {\"a\": \"x.safetensors\"}, \"weight_map\": {}}")]
    [InlineData("{\"weight_map\": {\"a\": 3}}")]
    public void A_malformed_index_is_refused_naming_it(string text)
    {
        var path = Path.Combine(folder, "model.safetensors.index.json");
        File.WriteAllText(path, text);

        var error = Assert.Throws<CheckpointException>(() => CheckpointFiles.Open(path).Dispose());

        Assert.StartsWith($"{path}: ", error.Message);
    }
}
