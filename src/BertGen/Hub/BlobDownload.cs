using System.Net;
using System.Security.Cryptography;

namespace BertGen.Hub;

/// <summary>
/// Downloads one blob as huggingface_hub does: into <c>blobs/{etag}.incomplete</c>, resuming what an earlier try
/// left there with a <c>Range</c> request, checking the SHA-256 of LFS files against their ETag, and only then
/// renaming it to <c>blobs/{etag}</c>, so that a blob in the cache is always whole.
/// </summary>
internal sealed class BlobDownload(HubOptions options, HubHttp http, HubErrors errors, HubModelId id)
{
    public async Task DownloadAsync(string fileName, HubFileMetadata metadata, string blobPath, CancellationToken cancellation)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(blobPath)!);
        var incomplete = blobPath + ".incomplete";
        long have = File.Exists(incomplete) ? new FileInfo(incomplete).Length : 0;
        if (metadata.Size is { } size && have > size)
            have = 0;

        // A whole file whose rename was cut short needs no request at all (and a Range past its end would be refused).
        if (metadata.Size is not { } expected || have < expected)
            have = await TransferAsync(fileName, metadata, incomplete, have, cancellation).ConfigureAwait(false);

        if (metadata.Size is { } total && have != total)
            throw Interrupted(fileName, metadata.DownloadUrl, have, total, "the server ended the file early");
        if (metadata.IsSha256)
            await VerifyAsync(fileName, metadata, incomplete, cancellation).ConfigureAwait(false);
        // Same folder, so the rename is atomic: readers see no blob or the whole blob.
        File.Move(incomplete, blobPath, overwrite: true);
    }

    private async Task<long> TransferAsync(string fileName, HubFileMetadata metadata, string incomplete, long have, CancellationToken cancellation)
    {
        var url = metadata.DownloadUrl;
        var response = await http.SendAsync(HttpMethod.Get, url, have, errors, fileName, cancellation).ConfigureAwait(false);
        using (response)
        {
            // 206 continues the partial file; 200 means the server ignored Range and sends it all again.
            bool resumed = response.StatusCode == HttpStatusCode.PartialContent && have > 0 && response.Content.Headers.ContentRange?.From == have;
            if (!resumed && response.StatusCode != HttpStatusCode.OK)
                throw errors.FromResponse(response, fileName, url);
            if (!resumed)
                have = 0;

            using var file = OpenIncomplete(fileName, url, incomplete, resumed);
            long done = have;
            try
            {
                using var body = await response.Content.ReadAsStreamAsync(cancellation).ConfigureAwait(false);
                var info = new DownloadInfo(id.ToString(), fileName, url, metadata.Size, have);
                await options.Progress.TrackAsync(info, async report =>
                {
                    var buffer = new byte[1 << 16];
                    using var stall = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
                    while (true)
                    {
                        stall.CancelAfter(options.ReadTimeout);
                        int read = await body.ReadAsync(buffer, stall.Token).ConfigureAwait(false);
                        if (read == 0)
                            break;
                        await file.WriteAsync(buffer.AsMemory(0, read), cancellation).ConfigureAwait(false);
                        done += read;
                        report(done);
                    }
                }).ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpRequestException or IOException || (e is OperationCanceledException && !cancellation.IsCancellationRequested))
            {
                file.Flush(flushToDisk: true);
                var reason = e is OperationCanceledException ? $"nothing arrived for {options.ReadTimeout.TotalSeconds:F0} s" : e.Message;
                throw Interrupted(fileName, url, done, metadata.Size, reason, e);
            }
            file.Flush(flushToDisk: true);
            return done;
        }
    }

    // FileShare.None locks the file (flock on Unix), so two processes never write the same blob at once.
    private FileStream OpenIncomplete(string fileName, Uri url, string incomplete, bool append)
    {
        try
        {
            return new FileStream(incomplete, append ? FileMode.Append : FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        }
        catch (IOException e)
        {
            throw new HubException(HubErrorKind.Interrupted,
                $"{incomplete}: cannot write the download of {fileName} of '{id}' ({e.Message}); another process may be downloading it: wait for it, then run again",
                id.ToString(), fileName, url, e);
        }
    }

    private async Task VerifyAsync(string fileName, HubFileMetadata metadata, string incomplete, CancellationToken cancellation)
    {
        string actual;
        using (var stream = new FileStream(incomplete, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true))
            actual = Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellation).ConfigureAwait(false));
        if (actual == metadata.ETag)
            return;
        // A bad file must not be resumed or reused: the next try starts over.
        File.Delete(incomplete);
        throw new HubException(HubErrorKind.HashMismatch,
            $"{fileName} of '{id}' from {metadata.DownloadUrl} is corrupt: its SHA-256 is {actual} but the hub announced {metadata.ETag}; the download was deleted, run again to fetch it anew",
            id.ToString(), fileName, metadata.DownloadUrl);
    }

    private HubException Interrupted(string fileName, Uri url, long done, long? size, string reason, Exception? cause = null) =>
        new(HubErrorKind.Interrupted,
            $"the download of {fileName} of '{id}' from {url} stopped after {done:N0} of {(size is { } s ? s.ToString("N0") : "?")} bytes ({reason}); the part received is kept and the next try resumes it",
            id.ToString(), fileName, url, cause);
}
