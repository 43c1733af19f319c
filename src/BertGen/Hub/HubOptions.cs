namespace BertGen.Hub;

/// <summary>
/// Where and how models are fetched from the Hugging Face Hub. <see cref="FromEnvironment()"/> reads the variables
/// huggingface_hub reads, so BertGen and Python share one cache; tests and services build their own.
/// </summary>
public sealed record HubOptions
{
    public const string DefaultEndpoint = "https://huggingface.co";

    private static readonly AsyncLocal<HubOptions?> s_scoped = new();

    /// <summary>The hub's base URL (<c>HF_ENDPOINT</c>); files are at <c>{Endpoint}/{repo}/resolve/{revision}/{file}</c>.</summary>
    public string Endpoint { get; init; } = DefaultEndpoint;

    /// <summary>The hub cache (<c>HF_HUB_CACHE</c>), holding <c>models--{org}--{name}/blobs|refs|snapshots</c>.</summary>
    public required string CacheDirectory { get; init; }

    /// <summary>Sent as <c>Authorization: Bearer</c> to the endpoint (never to the hosts it redirects to); null for none.</summary>
    public string? Token { get; init; }

    /// <summary>Never touch the network; use what the cache holds (<c>HF_HUB_OFFLINE=1</c>).</summary>
    public bool Offline { get; init; }

    /// <summary>
    /// The client for requests; a shared one when null. It must not follow redirects itself: the hub's redirect
    /// answer carries the file's commit and hash, and BertGen decides where the token may go.
    /// </summary>
    public HttpClient? HttpClient { get; init; }

    /// <summary>
    /// How downloads are shown: silently unless set. <see cref="FromEnvironment()"/> sets <see cref="DownloadProgress.Console"/>
    /// (as huggingface_hub shows progress bars), or <see cref="DownloadProgress.Silent"/> when <c>HF_HUB_DISABLE_PROGRESS_BARS</c> is set.
    /// </summary>
    public IDownloadProgress Progress { get; init; } = DownloadProgress.Silent;

    /// <summary>A transfer that receives nothing for this long is abandoned (and resumed by the next try).</summary>
    public TimeSpan ReadTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The options from this process's environment variables and the user's home folder.</summary>
    public static HubOptions FromEnvironment() =>
        HubEnvironment.Read(
            Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
                .ToDictionary(e => (string)e.Key, e => (string?)e.Value),
            Environment.GetFolderPath(Environment.SpecialFolder.UserProfile));

    /// <summary>
    /// The options that calls without their own use (<c>FromPretrained</c>, <c>TextClassifier.Load</c>,
    /// <c>BertTokenizer.FromFolder</c>): those of the innermost <see cref="Use"/> scope, else <see cref="FromEnvironment()"/>.
    /// </summary>
    public static HubOptions Current => s_scoped.Value ?? FromEnvironment();

    /// <summary>
    /// Makes <paramref name="options"/> the <see cref="Current"/> ones for this logical call flow (async-local, so
    /// parallel callers do not see each other's) until the result is disposed.
    /// </summary>
    public static IDisposable Use(HubOptions options)
    {
        var previous = s_scoped.Value;
        s_scoped.Value = options;
        return new Scope(() => s_scoped.Value = previous);
    }

    private sealed class Scope(Action restore) : IDisposable
    {
        public void Dispose() => restore();
    }
}
