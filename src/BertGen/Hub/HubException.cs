namespace BertGen.Hub;

/// <summary>What went wrong when fetching a model from the Hugging Face Hub; see <see cref="HubException.Kind"/>.</summary>
public enum HubErrorKind
{
    /// <summary>No such model on the endpoint (or it is private and no token was sent).</summary>
    RepositoryNotFound,

    /// <summary>The model has no such branch, tag or commit.</summary>
    RevisionNotFound,

    /// <summary>The model exists but lacks a file it needs (config.json, weights, a shard an index names).</summary>
    FileNotFound,

    /// <summary>The model is gated or private and no token was given.</summary>
    TokenRequired,

    /// <summary>A token was sent and the hub refused it (invalid, or without access to this model).</summary>
    TokenRejected,

    /// <summary>The hub could not be reached, or answered with a server error, and the file is not cached.</summary>
    Unreachable,

    /// <summary>Offline mode is on and the file is not in the cache.</summary>
    NotCached,

    /// <summary>A transfer stopped before the whole file arrived; the part received is kept and the next try resumes it.</summary>
    Interrupted,

    /// <summary>A downloaded file's SHA-256 is not the one the hub announced; the file was deleted.</summary>
    HashMismatch,

    /// <summary>The endpoint answered in a way the Hugging Face Hub does not (missing headers, bad values).</summary>
    Protocol,
}

/// <summary>
/// A model could not be fetched from the Hugging Face Hub. The message says what happened and what to do;
/// <see cref="RepoId"/>, <see cref="FileName"/> and <see cref="Url"/> name what was asked for.
/// </summary>
public sealed class HubException(HubErrorKind kind, string message, string repoId, string? fileName = null, Uri? url = null, Exception? inner = null)
    : Exception(message, inner)
{
    public HubErrorKind Kind { get; } = kind;

    /// <summary>The model id as given (<c>org/name</c>, with <c>@revision</c> when not <c>main</c>).</summary>
    public string RepoId { get; } = repoId;

    /// <summary>The file in the model repository, when the error concerns one.</summary>
    public string? FileName { get; } = fileName;

    /// <summary>The URL that was requested, when there was one.</summary>
    public Uri? Url { get; } = url;

    /// <summary>The HTTP status the hub answered with, when the error came from one.</summary>
    public int? StatusCode { get; init; }
}
