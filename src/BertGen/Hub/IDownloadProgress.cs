namespace BertGen.Hub;

/// <summary>One file being downloaded: where from, how big, and how much a previous try already left on disk.</summary>
public sealed record DownloadInfo(string RepoId, string FileName, Uri Url, long? TotalBytes, long ResumedFrom);

/// <summary>
/// Shows download progress. The library only calls this interface, so whether anything reaches the console
/// is up to <see cref="HubOptions.Progress"/>: <see cref="DownloadProgress.Console"/> or <see cref="DownloadProgress.Silent"/>.
/// </summary>
public interface IDownloadProgress
{
    /// <summary>
    /// Runs <paramref name="transfer"/>, which calls the action it is given with the file's bytes on disk so far
    /// (<see cref="DownloadInfo.ResumedFrom"/> included). Exceptions from the transfer pass through.
    /// </summary>
    Task TrackAsync(DownloadInfo download, Func<Action<long>, Task> transfer);
}
