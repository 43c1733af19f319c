using System.Text.Json;
using BertGen.Checkpoints;

namespace BertGen.Hub;

/// <summary>
/// Fetches what BertGen's loaders read from a model repository into one snapshot folder: <c>config.json</c>, the
/// weights in <c>from_pretrained</c>'s order of preference (a shard index with every shard it names), and the
/// tokenizer files the repository has.
/// </summary>
internal static class HubModelFiles
{
    /// <summary>Files a BERT tokenizer may come with; a repository without them is still a model.</summary>
    public static readonly string[] TokenizerFiles = [ModelFolder.VocabularyFile, ModelFolder.TokenizerConfigFile, "special_tokens_map.json", "tokenizer.json"];

    private static readonly string[] s_weights = [CheckpointFiles.Safetensors, CheckpointFiles.SafetensorsIndex, CheckpointFiles.PyTorch, CheckpointFiles.PyTorchIndex];

    /// <summary>Downloads (or finds cached) the model's files and returns its snapshot folder.</summary>
    public static async Task<string> FetchAsync(HubModelId id, HubOptions options, CancellationToken cancellation)
    {
        var fetcher = new HubFileFetcher(options, id);
        var config = await fetcher.FetchAsync(CheckpointFiles.Config, id.Revision, cancellation).ConfigureAwait(false)
            ?? throw (options.Offline
                ? fetcher.NotCached(CheckpointFiles.Config)
                : new HubException(HubErrorKind.FileNotFound, $"model '{id}' on {options.Endpoint} has no {CheckpointFiles.Config}, so it is not a Transformers model", id.ToString(), CheckpointFiles.Config));
        // Every other file comes from the commit config.json came from, even if the branch moves meanwhile
        // (and, once cached, without a request).
        var commit = config.Commit;

        await FetchWeightsAsync(fetcher, id, options, commit, cancellation).ConfigureAwait(false);
        foreach (var name in TokenizerFiles)
        {
            try
            {
                await fetcher.FetchAsync(name, commit, cancellation).ConfigureAwait(false);
            }
            catch (HubException e) when (e.Kind == HubErrorKind.Unreachable)
            {
                // Optional, as in transformers: a model without its tokenizer files still loads.
            }
        }
        return fetcher.Cache.SnapshotFolder(commit);
    }

    private static async Task FetchWeightsAsync(HubFileFetcher fetcher, HubModelId id, HubOptions options, string commit, CancellationToken cancellation)
    {
        HubException? unreachable = null;
        foreach (var name in s_weights)
        {
            HubFile? weights;
            try
            {
                weights = await fetcher.FetchAsync(name, commit, cancellation).ConfigureAwait(false);
            }
            catch (HubException e) when (e.Kind == HubErrorKind.Unreachable)
            {
                // A later form may be cached; if none is, this is the error to report.
                unreachable ??= e;
                continue;
            }
            if (weights is null)
                continue;
            if (name.EndsWith(".index.json", StringComparison.Ordinal))
            {
                foreach (var shard in Shards(weights.Path, id, name))
                {
                    _ = await fetcher.FetchAsync(shard, commit, cancellation).ConfigureAwait(false)
                        ?? throw (options.Offline
                            ? fetcher.NotCached($"{shard} (a shard {name} names)")
                            : new HubException(HubErrorKind.FileNotFound, $"{name} of '{id}' names the shard {shard}, which the repository does not have", id.ToString(), shard));
                }
            }
            return;
        }
        if (options.Offline)
            throw fetcher.NotCached($"none of the weight files ({string.Join(", ", s_weights)})");
        throw unreachable ?? new HubException(HubErrorKind.FileNotFound,
            $"model '{id}' on {options.Endpoint} has no weights BertGen reads: none of {string.Join(", ", s_weights)}", id.ToString());
    }

    /// <summary>The shard files an index's <c>weight_map</c> names, each once, checked to stay inside the snapshot.</summary>
    private static IReadOnlyList<string> Shards(string indexPath, HubModelId id, string indexName)
    {
        try
        {
            using var index = JsonDocument.Parse(File.ReadAllText(indexPath));
            var shards = index.RootElement.GetProperty("weight_map").EnumerateObject().Select(entry => entry.Value.GetString()!).Distinct().ToList();
            foreach (var shard in shards)
            {
                if (shard.Length == 0 || Path.IsPathRooted(shard) || shard.Contains('\\') || shard.Split('/').Any(s => s is "" or "." or ".."))
                    throw new HubException(HubErrorKind.Protocol, $"{indexName} of '{id}' names the shard '{shard}', which is not a file name inside the repository", id.ToString(), indexName);
            }
            return shards;
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new HubException(HubErrorKind.Protocol, $"{indexPath}: not a shard index (a JSON object with a weight_map of tensor names to files): {e.Message}", id.ToString(), indexName, inner: e);
        }
    }
}
