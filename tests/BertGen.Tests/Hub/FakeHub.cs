using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace BertGen.Tests.Hub;

/// <summary>A model repository of the fake hub: commits of files, branches and tags naming commits.</summary>
public sealed class FakeRepository
{
    public Dictionary<string, Dictionary<string, byte[]>> Commits { get; } = [];

    public Dictionary<string, string> Refs { get; } = [];

    /// <summary>Requests without this bearer token get 401, with another one 403 (a gated model).</summary>
    public string? RequiredToken { get; init; }

    /// <summary>Adds a commit of <paramref name="files"/> under a made-up sha, and points <paramref name="refs"/> at it.</summary>
    public string AddCommit(IReadOnlyDictionary<string, byte[]> files, params string[] refs)
    {
        var commit = Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes($"commit {Commits.Count} {Guid.NewGuid()}")));
        Commits[commit] = files.ToDictionary();
        foreach (var name in refs)
            Refs[name] = commit;
        return commit;
    }
}

/// <summary>
/// A Hugging Face Hub on loopback, answering <c>/{repo}/resolve/{revision}/{file}</c> as huggingface.co does:
/// X-Repo-Commit and ETag on every answer, LFS files (safetensors, bin) as a 302 to a second loopback server
/// (the "CDN", another origin) with X-Linked-Etag (their SHA-256) and X-Linked-Size, X-Error-Code on errors, Range.
/// </summary>
public sealed class FakeHub : IDisposable
{
    public FakeHub()
    {
        Hub = new LoopbackHttpServer(AnswerHub);
        Cdn = new LoopbackHttpServer(AnswerCdn);
    }

    public LoopbackHttpServer Hub { get; }

    public LoopbackHttpServer Cdn { get; }

    public Dictionary<string, FakeRepository> Repositories { get; } = [];

    /// <summary>Old repository names the hub redirects (relative Location) to the new one, as after a rename.</summary>
    public Dictionary<string, string> Renamed { get; } = [];

    /// <summary>Blobs (by SHA-256) whose next transfer stops after this many bytes.</summary>
    public ConcurrentDictionary<string, int> CutNextTransfer { get; } = new();

    /// <summary>Blobs (by SHA-256) the CDN serves with one byte changed.</summary>
    public HashSet<string> Corrupt { get; } = [];

    /// <summary>Whether the CDN ignores Range and always sends the whole file (200).</summary>
    public bool IgnoreRange { get; set; }

    private readonly ConcurrentDictionary<string, byte[]> blobs = new();

    public void Dispose()
    {
        Hub.Dispose();
        Cdn.Dispose();
    }

    public static bool IsLfs(string fileName) => fileName.EndsWith(".safetensors", StringComparison.Ordinal) || fileName.EndsWith(".bin", StringComparison.Ordinal);

    public static string Sha256(byte[] content) => Convert.ToHexStringLower(SHA256.HashData(content));

    /// <summary>The git blob sha the hub gives small files as their ETag.</summary>
    public static string GitSha(byte[] content) => Convert.ToHexStringLower(SHA1.HashData([.. Encoding.ASCII.GetBytes($"blob {content.Length}\0"), .. content]));

    /// <summary>GET requests for file contents (to the hub or the CDN): what a cached model must not cause.</summary>
    public IReadOnlyList<LoopbackRequest> ContentRequests() =>
        Hub.Requests.Concat(Cdn.Requests).Where(r => r.Method == "GET").ToList();

    private LoopbackResponse AnswerHub(LoopbackRequest request)
    {
        var resolve = request.Path.IndexOf("/resolve/", StringComparison.Ordinal);
        if (resolve < 0)
            return LoopbackResponse.Of(404);
        var repoName = request.Path[1..resolve];
        var rest = request.Path[(resolve + "/resolve/".Length)..].Split('/', 2);
        var (revision, file) = (Uri.UnescapeDataString(rest[0]), Uri.UnescapeDataString(rest[1]));

        if (Renamed.TryGetValue(repoName, out var newName))
            return LoopbackResponse.Of(307, ("Location", $"/{newName}/resolve/{rest[0]}/{rest[1]}"));
        if (!Repositories.TryGetValue(repoName, out var repo))
            return LoopbackResponse.Of(404, ("X-Error-Code", "RepoNotFound"), ("X-Error-Message", "Repository not found"));
        if (repo.RequiredToken is { } required && request.Header("Authorization") != $"Bearer {required}")
            return LoopbackResponse.Of(request.Header("Authorization") is null ? 401 : 403, ("X-Error-Code", "GatedRepo"));
        var commit = repo.Commits.ContainsKey(revision) ? revision : repo.Refs.GetValueOrDefault(revision);
        if (commit is null)
            return LoopbackResponse.Of(404, ("X-Error-Code", "RevisionNotFound"));
        if (!repo.Commits[commit].TryGetValue(file, out var content))
            return LoopbackResponse.Of(404, ("X-Error-Code", "EntryNotFound"), ("X-Repo-Commit", commit));

        if (IsLfs(file))
        {
            var sha = Sha256(content);
            blobs[sha] = content;
            return LoopbackResponse.Of(302,
                ("Location", $"{Cdn.BaseUrl}/blobs/{sha}?signature=x"), ("X-Repo-Commit", commit),
                ("X-Linked-Etag", $"\"{sha}\""), ("X-Linked-Size", content.Length.ToString()), ("ETag", $"W/\"{GitSha(content)}\""));
        }
        return Serve(request, content, ("X-Repo-Commit", commit), ("ETag", $"\"{GitSha(content)}\""));
    }

    private LoopbackResponse AnswerCdn(LoopbackRequest request)
    {
        var sha = request.Path.Split('?')[0]["/blobs/".Length..];
        if (!blobs.TryGetValue(sha, out var content))
            return LoopbackResponse.Of(404);
        if (Corrupt.Contains(sha))
        {
            content = content.ToArray();
            content[content.Length / 2] ^= 0xFF;
        }
        var response = Serve(request, content, ("ETag", $"\"{Convert.ToHexStringLower(MD5.HashData(content))}\""));
        return CutNextTransfer.TryRemove(sha, out var cut) && request.Method == "GET" ? response with { CutAfter = cut } : response;
    }

    private LoopbackResponse Serve(LoopbackRequest request, byte[] content, params (string Name, string Value)[] headers)
    {
        var all = headers.ToDictionary(h => h.Name, h => h.Value);
        if (!IgnoreRange && request.Header("Range") is { } range && range.StartsWith("bytes=", StringComparison.Ordinal) && range.EndsWith('-'))
        {
            var from = int.Parse(range["bytes=".Length..^1]);
            all["Content-Range"] = $"bytes {from}-{content.Length - 1}/{content.Length}";
            return new LoopbackResponse(206, all, content[from..]);
        }
        return new LoopbackResponse(200, all, content);
    }
}
