using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace BertGen.Hub;

/// <summary>
/// A model on the Hugging Face Hub: <c>name</c> or <c>org/name</c>, with an optional <c>@revision</c> (a branch,
/// tag or commit sha; <c>main</c> by default). The rules are huggingface_hub's <c>validate_repo_id</c>.
/// </summary>
public sealed partial record HubModelId(string Repo, string Revision)
{
    public const string DefaultRevision = "main";

    /// <summary>The cache folder's name, <c>models--org--name</c>, as huggingface_hub's <c>repo_folder_name</c>.</summary>
    public string CacheFolderName => "models--" + Repo.Replace("/", "--", StringComparison.Ordinal);

    /// <summary>Parses <c>name</c>, <c>org/name</c> and either with <c>@revision</c>.</summary>
    public static bool TryParse(string text, [NotNullWhen(true)] out HubModelId? id)
    {
        id = null;
        var at = text.IndexOf('@', StringComparison.Ordinal);
        var repo = at < 0 ? text : text[..at];
        var revision = at < 0 ? DefaultRevision : text[(at + 1)..];
        if (!IsValidRepo(repo) || !IsValidRevision(revision))
            return false;
        id = new HubModelId(repo, revision);
        return true;
    }

    /// <summary>Parses like <see cref="TryParse"/> and throws <see cref="ArgumentException"/> naming the rules.</summary>
    public static HubModelId Parse(string text) => TryParse(text, out var id)
        ? id
        : throw new ArgumentException($"'{text}' is not a Hugging Face model id: expected 'name' or 'org/name' (letters, digits, '-', '_', '.'), optionally followed by '@revision'", nameof(text));

    /// <summary>Whether <paramref name="revision"/> is a full commit sha, which names a snapshot that never changes.</summary>
    public static bool IsCommitSha(string revision) => CommitSha().IsMatch(revision);

    public override string ToString() => Revision == DefaultRevision ? Repo : $"{Repo}@{Revision}";

    // huggingface_hub allows at most 96 characters, no "--" or ".." (they would be ambiguous in cache folder names),
    // and segments that start and end with a word character.
    private static bool IsValidRepo(string repo) =>
        repo.Length is > 0 and <= 96 && RepoPattern().IsMatch(repo)
        && !repo.Contains("--", StringComparison.Ordinal) && !repo.Contains("..", StringComparison.Ordinal)
        && !repo.EndsWith(".git", StringComparison.Ordinal);

    // A revision becomes a file under refs/ in the cache, so it may not climb out of it.
    private static bool IsValidRevision(string revision) =>
        revision.Length > 0 && !revision.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c is '\\' or '@')
        && revision.Split('/').All(segment => segment is not ("" or "." or ".."));

    [GeneratedRegex(@"^([A-Za-z0-9_]([A-Za-z0-9_.\-]*[A-Za-z0-9_])?/)?[A-Za-z0-9_]([A-Za-z0-9_.\-]*[A-Za-z0-9_])?$")]
    private static partial Regex RepoPattern();

    [GeneratedRegex("^[0-9a-f]{40}$")]
    private static partial Regex CommitSha();
}
