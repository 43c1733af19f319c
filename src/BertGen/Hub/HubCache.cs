using System.Text;
using BertGen.Checkpoints;

namespace BertGen.Hub;

/// <summary>
/// One model's folder in the hub cache, laid out as huggingface_hub's <c>file_download.py</c> lays it out, so
/// that Python and BertGen reuse each other's downloads:
/// <c>blobs/{etag}</c> (the content, once), <c>refs/{revision}</c> (the commit a branch or tag pointed to),
/// <c>snapshots/{commit}/{file}</c> (relative symlinks to the blobs) and <c>.no_exist/{commit}/{file}</c>
/// (files the hub said are absent).
/// </summary>
internal sealed class HubCache(string cacheDirectory, HubModelId id)
{
    public string RepoFolder { get; } = Path.Combine(cacheDirectory, id.CacheFolderName);

    public string BlobPath(string etag) => Path.Combine(RepoFolder, "blobs", etag);

    public string SnapshotFolder(string commit) => Path.Combine(RepoFolder, "snapshots", commit);

    public string SnapshotPath(string commit, string fileName) => Path.Combine(SnapshotFolder(commit), fileName);

    private string RefPath(string revision) => Path.Combine(RepoFolder, "refs", revision);

    private string NoExistPath(string commit, string fileName) => Path.Combine(RepoFolder, ".no_exist", commit, fileName);

    /// <summary>The commit <paramref name="revision"/> names: itself when a sha, else what <c>refs/</c> recorded; null when unknown.</summary>
    public string? CommitOf(string revision)
    {
        if (HubModelId.IsCommitSha(revision))
            return revision;
        var path = RefPath(revision);
        return File.Exists(path) ? File.ReadAllText(path).Trim() is { Length: > 0 } commit ? commit : null : null;
    }

    /// <summary>The snapshot file of <paramref name="fileName"/> at <paramref name="commit"/> when it is cached (and its blob is there).</summary>
    public string? CachedFile(string commit, string fileName)
    {
        var path = SnapshotPath(commit, fileName);
        // File.Exists follows the symlink, so a link whose blob was deleted does not count.
        return File.Exists(path) ? path : null;
    }

    /// <summary>Whether the hub said <paramref name="fileName"/> does not exist at <paramref name="commit"/>.</summary>
    public bool KnownMissing(string commit, string fileName) => File.Exists(NoExistPath(commit, fileName));

    public void RecordMissing(string commit, string fileName)
    {
        var path = NoExistPath(commit, fileName);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, []);
    }

    /// <summary>Records that <paramref name="revision"/> points to <paramref name="commit"/> (branches move; the ref follows).</summary>
    public void WriteRef(string revision, string commit)
    {
        if (revision == commit || CommitOf(revision) == commit)
            return;
        AtomicFiles.Write(RefPath(revision), stream => stream.Write(Encoding.ASCII.GetBytes(commit)));
    }

    /// <summary>
    /// Puts <paramref name="fileName"/> into the snapshot of <paramref name="commit"/> as a relative symlink to its
    /// blob (<c>../../blobs/{etag}</c>), or as a copy where the file system or OS refuses symlinks.
    /// </summary>
    public string Link(string commit, string fileName, string blobPath)
    {
        var pointer = SnapshotPath(commit, fileName);
        var folder = Path.GetDirectoryName(pointer)!;
        Directory.CreateDirectory(folder);
        // A broken link (its blob deleted) is replaced; File.Delete removes the link, not its target.
        File.Delete(pointer);
        try
        {
            File.CreateSymbolicLink(pointer, Path.GetRelativePath(folder, blobPath));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or PlatformNotSupportedException)
        {
            File.Delete(pointer);
            AtomicFiles.Write(pointer, stream => { using var blob = File.OpenRead(blobPath); blob.CopyTo(stream); });
        }
        return pointer;
    }
}
