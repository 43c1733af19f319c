namespace BertGen.Hub;

/// <summary>
/// Reads the environment as huggingface_hub's <c>constants.py</c> does, from a dictionary so that it can be
/// tested without changing the process's variables.
/// </summary>
public static class HubEnvironment
{
    /// <summary>
    /// <c>HF_ENDPOINT</c>; <c>HF_HUB_CACHE</c> (or the older <c>HUGGINGFACE_HUB_CACHE</c>), else <c>$HF_HOME/hub</c>,
    /// with <c>HF_HOME</c> defaulting to <c>$XDG_CACHE_HOME/huggingface</c> or <c>~/.cache/huggingface</c>;
    /// <c>HF_TOKEN</c> (or <c>HUGGING_FACE_HUB_TOKEN</c>), else the token file (<c>HF_TOKEN_PATH</c>, default
    /// <c>$HF_HOME/token</c>, which <c>huggingface-cli login</c> writes); <c>HF_HUB_OFFLINE</c> (or
    /// <c>TRANSFORMERS_OFFLINE</c>); and <c>HF_HUB_DISABLE_PROGRESS_BARS</c>.
    /// </summary>
    public static HubOptions Read(IReadOnlyDictionary<string, string?> variables, string homeDirectory)
    {
        string? Get(string name) => variables.TryGetValue(name, out var value) && !string.IsNullOrEmpty(value) ? value : null;
        string Expand(string path) => path == "~" || path.StartsWith("~/", StringComparison.Ordinal) ? Path.Join(homeDirectory, path[1..]) : path;

        var hfHome = Expand(Get("HF_HOME") ?? Path.Join(Get("XDG_CACHE_HOME") ?? Path.Join(homeDirectory, ".cache"), "huggingface"));
        var cache = Expand(Get("HF_HUB_CACHE") ?? Get("HUGGINGFACE_HUB_CACHE") ?? Path.Join(hfHome, "hub"));
        var tokenPath = Expand(Get("HF_TOKEN_PATH") ?? Path.Join(hfHome, "token"));
        var token = Get("HF_TOKEN") ?? Get("HUGGING_FACE_HUB_TOKEN") ?? (File.Exists(tokenPath) ? File.ReadAllText(tokenPath) : null);
        token = string.IsNullOrWhiteSpace(token) ? null : token.Trim();

        return new HubOptions
        {
            Endpoint = (Get("HF_ENDPOINT") ?? HubOptions.DefaultEndpoint).TrimEnd('/'),
            CacheDirectory = cache,
            Token = token,
            Offline = IsTrue(Get("HF_HUB_OFFLINE") ?? Get("TRANSFORMERS_OFFLINE")),
            Progress = IsTrue(Get("HF_HUB_DISABLE_PROGRESS_BARS")) ? DownloadProgress.Silent : DownloadProgress.Console(),
        };
    }

    // huggingface_hub's _is_true.
    private static bool IsTrue(string? value) => value?.ToUpperInvariant() is "1" or "ON" or "YES" or "TRUE";
}
