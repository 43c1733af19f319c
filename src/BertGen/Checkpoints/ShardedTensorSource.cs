using System.Text.Json;
using static TorchSharp.torch;

namespace BertGen.Checkpoints;

/// <summary>
/// A checkpoint split into shards (<c>model-00001-of-00003.safetensors</c>, ...) listed by an index file
/// (<c>model.safetensors.index.json</c> or <c>pytorch_model.bin.index.json</c>) whose <c>weight_map</c>
/// names the shard of each tensor. Shards are opened together; their headers must agree with the index.
/// </summary>
public sealed class ShardedTensorSource : ITensorSource
{
    private readonly Dictionary<string, ITensorSource> shardOf;
    private readonly List<ITensorSource> shards;

    private ShardedTensorSource(string path, List<ITensorSource> shards, Dictionary<string, ITensorSource> shardOf)
    {
        Path = path;
        this.shards = shards;
        this.shardOf = shardOf;
        Tensors = shardOf.ToDictionary(p => p.Key, p => p.Value.Tensors[p.Key], StringComparer.Ordinal);
    }

    public string Path { get; }

    public IReadOnlyDictionary<string, TensorInfo> Tensors { get; }

    /// <summary>Opens the index at <paramref name="indexPath"/> and every shard it names, with <paramref name="openShard"/>.</summary>
    public static ShardedTensorSource Open(string indexPath, Func<string, ITensorSource> openShard)
    {
        var weightMap = ReadWeightMap(indexPath);
        var folder = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(indexPath))!;
        var opened = new Dictionary<string, ITensorSource>(StringComparer.Ordinal);
        try
        {
            var shardOf = new Dictionary<string, ITensorSource>(StringComparer.Ordinal);
            foreach (var (tensor, file) in weightMap)
            {
                if (file.Contains('/') || file.Contains('\\') || file is "." or "..")
                    throw new CheckpointException($"{indexPath}: weight_map sends '{tensor}' to \"{file}\"; shards must be files beside the index");
                // A shard that is itself an index could name this one again: indexes do not nest, so there is no cycle to follow.
                if (file.EndsWith(".index.json", StringComparison.OrdinalIgnoreCase))
                    throw new CheckpointException($"{indexPath}: weight_map sends '{tensor}' to the index \"{file}\"; shards are weights files (.safetensors or .bin), not indexes");
                if (!opened.TryGetValue(file, out var shard))
                {
                    var shardPath = System.IO.Path.Combine(folder, file);
                    if (!File.Exists(shardPath))
                        throw new CheckpointException($"{indexPath}: shard {file} (holding '{tensor}') is missing");
                    opened[file] = shard = openShard(shardPath);
                }
                if (!shard.Tensors.ContainsKey(tensor))
                    throw new CheckpointException($"{indexPath}: weight_map puts '{tensor}' in {file}, which does not contain it");
                shardOf[tensor] = shard;
            }
            foreach (var (file, shard) in opened)
            {
                var unlisted = shard.Tensors.Keys.FirstOrDefault(name => !weightMap.ContainsKey(name));
                if (unlisted is not null)
                    throw new CheckpointException($"{indexPath}: shard {file} holds '{unlisted}', which weight_map does not list");
            }
            return new ShardedTensorSource(indexPath, [.. opened.Values], shardOf);
        }
        catch
        {
            foreach (var shard in opened.Values)
                shard.Dispose();
            throw;
        }
    }

    private static Dictionary<string, string> ReadWeightMap(string indexPath)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(indexPath), new JsonDocumentOptions { AllowDuplicateProperties = false });
            if (document.RootElement.ValueKind != JsonValueKind.Object || !document.RootElement.TryGetProperty("weight_map", out var map) || map.ValueKind != JsonValueKind.Object)
                throw new CheckpointException($"{indexPath}: expected an object \"weight_map\" from tensor names to shard files");
            var result = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var entry in map.EnumerateObject())
            {
                result[entry.Name] = entry.Value.ValueKind == JsonValueKind.String
                    ? entry.Value.GetString()!
                    : throw new CheckpointException($"{indexPath}: weight_map entry '{entry.Name}' is not a file name");
            }
            return result;
        }
        catch (JsonException e)
        {
            throw new CheckpointException($"{indexPath}: not valid JSON (line {e.LineNumber + 1}): {e.Message}", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CheckpointException($"{indexPath}: cannot read the shard index: {e.Message}", e);
        }
    }

    public Tensor Read(string name) =>
        shardOf.TryGetValue(name, out var shard) ? shard.Read(name) : throw new CheckpointException($"{Path}: has no tensor '{name}'");

    public void Dispose()
    {
        foreach (var shard in shards)
            shard.Dispose();
    }
}
