namespace BertGen.Hub;

/// <summary>A file of a model snapshot on disk, and the commit it belongs to.</summary>
internal sealed record HubFile(string Path, string Commit);

/// <summary>
/// Gets one file of a model into the cache, following huggingface_hub's <c>hf_hub_download</c>: a file of a
/// commit already cached needs no request; otherwise a HEAD request gives the commit and the blob's ETag, the blob
/// is downloaded unless cached, and the snapshot links to it. When the hub cannot be reached (or refuses, or
/// fails), a copy cached for the revision is used, as huggingface_hub does; offline mode uses only the cache.
/// </summary>
internal sealed class HubFileFetcher
{
    private readonly HubOptions options;
    private readonly HubModelId id;
    private readonly HubHttp http;
    private readonly HubErrors errors;
    private readonly BlobDownload blobs;

    public HubFileFetcher(HubOptions options, HubModelId id)
    {
        this.options = options;
        this.id = id;
        Cache = new HubCache(options.CacheDirectory, id);
        http = new HubHttp(options);
        errors = new HubErrors(options, id);
        blobs = new BlobDownload(options, http, errors, id);
    }

    public HubCache Cache { get; }

    /// <summary>
    /// The file at <paramref name="revision"/>, or null when the hub says it does not exist (or, offline, when it is
    /// not cached). Throws <see cref="HubException"/> for everything else.
    /// </summary>
    public async Task<HubFile?> FetchAsync(string fileName, string revision, CancellationToken cancellation)
    {
        if (options.Offline)
            return Cached(fileName, revision);
        if (HubModelId.IsCommitSha(revision))
        {
            if (Cache.CachedFile(revision, fileName) is { } cached)
                return new HubFile(cached, revision);
            if (Cache.KnownMissing(revision, fileName))
                return null;
        }

        var url = http.FileUrl(id, revision, fileName);
        HubFileMetadata metadata;
        try
        {
            metadata = await HeadAsync(fileName, url, cancellation).ConfigureAwait(false);
        }
        catch (HubException e) when (e.Kind == HubErrorKind.FileNotFound)
        {
            if (e.StatusCode == 404 && e.Data["commit"] is string commit)
                Cache.RecordMissing(commit, fileName);
            return null;
        }
        catch (HubException e) when (e.Kind is HubErrorKind.Unreachable or HubErrorKind.TokenRequired or HubErrorKind.TokenRejected or HubErrorKind.RepositoryNotFound)
        {
            // As huggingface_hub: a copy cached for this revision is good enough when the hub is out of reach.
            if (Cached(fileName, revision) is { } cached)
                return cached;
            throw;
        }

        Cache.WriteRef(revision, metadata.Commit);
        if (Cache.CachedFile(metadata.Commit, fileName) is { } pointer)
            return new HubFile(pointer, metadata.Commit);
        var blob = Cache.BlobPath(metadata.ETag);
        if (!File.Exists(blob))
            await blobs.DownloadAsync(fileName, metadata, blob, cancellation).ConfigureAwait(false);
        return new HubFile(Cache.Link(metadata.Commit, fileName, blob), metadata.Commit);
    }

    /// <summary>The exception for a file that offline mode needs and the cache lacks.</summary>
    public HubException NotCached(string what) => new(HubErrorKind.NotCached,
        $"{what} of '{id}' is not in the cache ({Cache.RepoFolder}) and offline mode is on (HF_HUB_OFFLINE): turn it off to download it, or download the model once where the hub can be reached",
        id.ToString());

    private HubFile? Cached(string fileName, string revision) =>
        Cache.CommitOf(revision) is { } commit && Cache.CachedFile(commit, fileName) is { } path ? new HubFile(path, commit) : null;

    private async Task<HubFileMetadata> HeadAsync(string fileName, Uri url, CancellationToken cancellation)
    {
        var response = await http.SendAsync(HttpMethod.Head, url, null, errors, fileName, cancellation).ConfigureAwait(false);
        using (response)
        {
            if ((int)response.StatusCode >= 400)
            {
                var error = errors.FromResponse(response, fileName, url);
                // The hub names the commit even when a file is absent, so that the absence can be cached.
                if (HubFileMetadata.Header(response, "X-Repo-Commit") is { } commit && HubModelId.IsCommitSha(commit))
                    error.Data["commit"] = commit;
                throw error;
            }
            return HubFileMetadata.Read(response, url, problem => errors.Protocol(fileName, url, problem));
        }
    }
}
