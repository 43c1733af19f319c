using System.Text.RegularExpressions;

namespace BertGen.Hub;

/// <summary>
/// What the hub says about a file before it is downloaded, from the headers huggingface_hub reads:
/// <c>X-Repo-Commit</c>, <c>X-Linked-Etag</c> or <c>ETag</c> (the blob's name in the cache; the SHA-256 of the
/// content for LFS files), <c>X-Linked-Size</c> or <c>Content-Length</c>, and where the content is (the CDN a
/// redirect names, or the resolve URL itself).
/// </summary>
internal sealed partial record HubFileMetadata(string Commit, string ETag, long? Size, Uri DownloadUrl)
{
    /// <summary>Whether the ETag is a SHA-256 (an LFS file), which the downloaded content must hash to.</summary>
    public bool IsSha256 => Sha256().IsMatch(ETag);

    public static HubFileMetadata Read(HttpResponseMessage response, Uri url, Func<string, HubException> protocolError)
    {
        var commit = Header(response, "X-Repo-Commit")
            ?? throw protocolError("the answer has no X-Repo-Commit header (is the endpoint a Hugging Face hub?)");
        var etag = Normalize(Header(response, "X-Linked-Etag") ?? Header(response, "ETag")
            ?? throw protocolError("the answer has no ETag header, which names the file in the cache"));
        // The ETag becomes a file name in blobs/, so it may not be a path.
        if (!SafeName().IsMatch(etag) || etag.Contains("..", StringComparison.Ordinal))
            throw protocolError($"the ETag '{etag}' is not a valid blob name");
        if (!HubModelId.IsCommitSha(commit))
            throw protocolError($"X-Repo-Commit '{commit}' is not a commit sha (40 hex digits)");
        var size = long.TryParse(Header(response, "X-Linked-Size"), out var linked) ? linked : response.Content.Headers.ContentLength;
        var location = response.Headers.Location is { IsAbsoluteUri: true } redirect ? redirect : response.RequestMessage?.RequestUri ?? url;
        return new HubFileMetadata(commit, etag, size, location);
    }

    public static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? values.FirstOrDefault()
            : null;

    // huggingface_hub's _normalize_etag: weak ETags compare as strong ones, without quotes.
    private static string Normalize(string etag)
    {
        etag = etag.Trim();
        if (etag.StartsWith("W/", StringComparison.Ordinal))
            etag = etag[2..];
        return etag.Trim('"');
    }

    [GeneratedRegex("^[0-9a-f]{64}$")]
    private static partial Regex Sha256();

    [GeneratedRegex("^[A-Za-z0-9._-]+$")]
    private static partial Regex SafeName();
}
