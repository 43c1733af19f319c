using BertGen.Checkpoints;
using BertGen.Hub;
using BertGen.Models;
using BertGen.Prediction;
using BertGen.Tokenization;

namespace BertGen.Tests.Hub;

/// <summary>
/// Models come from a Hugging Face Hub (a fake one on loopback) into huggingface_hub's cache layout, load as their
/// folders do, are reused from the cache, and every failure says what to do.
/// </summary>
public sealed class HubDownloadTests : IClassFixture<TinyHubModel>, IDisposable
{
    // A client that follows no redirects and ignores proxies: loopback only.
    private static readonly HttpClient s_client = new(new SocketsHttpHandler { AllowAutoRedirect = false, UseProxy = false });

    private readonly TinyHubModel tiny;
    private readonly FakeHub hub = new();
    private readonly string cache = Directory.CreateTempSubdirectory("bertgen-hub-cache-").FullName;
    private readonly FakeRepository repository = new();
    private readonly string mainCommit;

    public HubDownloadTests(TinyHubModel tiny)
    {
        this.tiny = tiny;
        mainCommit = repository.AddCommit(tiny.Files, "main");
        hub.Repositories["org/tiny"] = repository;
    }

    public void Dispose()
    {
        hub.Dispose();
        Directory.Delete(cache, recursive: true);
    }

    private HubOptions Options(string? token = null, bool offline = false, string? endpoint = null) => new()
    {
        Endpoint = endpoint ?? hub.Hub.BaseUrl,
        CacheDirectory = cache,
        Token = token,
        Offline = offline,
        HttpClient = s_client,
        Progress = DownloadProgress.Silent,
        ReadTimeout = TimeSpan.FromSeconds(10),
    };

    private string RepoFolder => Path.Combine(cache, "models--org--tiny");

    [Fact]
    public void FromPretrained_downloads_a_model_that_has_the_saved_weights()
    {
        using var scope = HubOptions.Use(Options());

        using var downloaded = BertForSequenceClassification.FromPretrained("org/tiny");
        using var saved = BertForSequenceClassification.FromPretrained(tiny.SavedFolder);

        TinyHubModel.AssertSameWeights(saved, downloaded);
        Assert.Equal(["negative", "positive"], downloaded.Config.LabelNames);
        var tokenizer = BertTokenizer.FromFolder("org/tiny");
        Assert.Equal(12, tokenizer.VocabularySize);
        using var classifier = TextClassifier.Load("org/tiny", TorchSharp.torch.CPU);
        Assert.Equal(["negative", "positive"], classifier.Labels);
    }

    [Fact]
    public void The_cache_has_huggingface_hubs_layout()
    {
        var folder = ModelLocation.Resolve("org/tiny", Options());

        Assert.Equal(Path.Combine(RepoFolder, "snapshots", mainCommit), folder);
        Assert.Equal(mainCommit, File.ReadAllText(Path.Combine(RepoFolder, "refs", "main")));
        var weights = tiny.Files[CheckpointFiles.Safetensors];
        var config = tiny.Files[CheckpointFiles.Config];
        // LFS files are named by their SHA-256, others by their git blob sha, as the hub's ETags name them.
        Assert.Equal(weights, File.ReadAllBytes(Path.Combine(RepoFolder, "blobs", FakeHub.Sha256(weights))));
        Assert.Equal(config, File.ReadAllBytes(Path.Combine(RepoFolder, "blobs", FakeHub.GitSha(config))));
        // Windows without developer mode refuses symlinks, and the snapshot holds copies instead.
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal($"../../blobs/{FakeHub.Sha256(weights)}", new FileInfo(Path.Combine(folder, CheckpointFiles.Safetensors)).LinkTarget);
            Assert.Equal($"../../blobs/{FakeHub.GitSha(config)}", new FileInfo(Path.Combine(folder, CheckpointFiles.Config)).LinkTarget);
        }
        Assert.Equal(weights, File.ReadAllBytes(Path.Combine(folder, CheckpointFiles.Safetensors)));
        Assert.Equal(tiny.Files.Keys.Order(), Directory.GetFiles(folder).Select(Path.GetFileName).Order());
        // The files the repository lacks are remembered as absent, as huggingface_hub does.
        Assert.True(File.Exists(Path.Combine(RepoFolder, ".no_exist", mainCommit, "tokenizer.json")));
        Assert.Empty(Directory.GetFiles(Path.Combine(RepoFolder, "blobs"), "*.incomplete"));
    }

    [Fact]
    public void A_cached_model_is_not_downloaded_again()
    {
        ModelLocation.Resolve("org/tiny", Options());
        int before = hub.Hub.Requests.Count;
        var contentBefore = hub.ContentRequests().Count;

        var folder = ModelLocation.Resolve("org/tiny", Options());

        Assert.Equal(contentBefore, hub.ContentRequests().Count);
        // Only config.json is asked about, to learn where main points now; the rest is of that commit and cached.
        var requests = hub.Hub.Requests.Skip(before).ToList();
        Assert.Equal(["HEAD /org/tiny/resolve/main/config.json"], requests.Select(r => $"{r.Method} {r.Path}"));
        Assert.Single(hub.Cdn.Requests);
        using var model = BertForSequenceClassification.FromPretrained(folder);
    }

    [Fact]
    public void A_revision_after_the_at_sign_is_downloaded_and_recorded_in_refs()
    {
        var v1Files = tiny.Files.ToDictionary();
        v1Files[ModelFolder.VocabularyFile] = "[PAD]\n[UNK]\n[CLS]\n[SEP]\n[MASK]\nv1\n"u8.ToArray();
        var v1 = repository.AddCommit(v1Files, "v1");

        var folder = ModelLocation.Resolve("org/tiny@v1", Options());

        Assert.Equal(Path.Combine(RepoFolder, "snapshots", v1), folder);
        Assert.Equal(v1, File.ReadAllText(Path.Combine(RepoFolder, "refs", "v1")));
        Assert.EndsWith("v1\n", File.ReadAllText(Path.Combine(folder, "vocab.txt")));
        // The weights are the same content, so the same blob serves both snapshots.
        Assert.Single(Directory.GetFiles(Path.Combine(RepoFolder, "blobs"), FakeHub.Sha256(tiny.Files[CheckpointFiles.Safetensors])));
        // A commit sha is a revision too; once cached it needs no request at all.
        int before = hub.Hub.Requests.Count;
        Assert.Equal(folder, ModelLocation.Resolve($"org/tiny@{v1}", Options()));
        Assert.Equal(before, hub.Hub.Requests.Count);
    }

    [Fact]
    public void Redirects_are_followed_and_the_token_goes_to_the_hub_only()
    {
        hub.Renamed["old-org/tiny"] = "org/tiny";

        var folder = ModelLocation.Resolve("old-org/tiny", Options(token: "hf_secret"));

        Assert.True(File.Exists(Path.Combine(folder, CheckpointFiles.Safetensors)));
        Assert.Contains(hub.Hub.Requests, r => r.Path.StartsWith("/old-org/tiny/", StringComparison.Ordinal));
        Assert.Contains(hub.Hub.Requests, r => r.Path.StartsWith("/org/tiny/", StringComparison.Ordinal));
        Assert.All(hub.Hub.Requests, r => Assert.Equal("Bearer hf_secret", r.Header("Authorization")));
        var cdn = Assert.Single(hub.Cdn.Requests);
        Assert.Equal("GET", cdn.Method);
        Assert.Null(cdn.Header("Authorization"));
        Assert.Equal(tiny.Files[CheckpointFiles.Safetensors], File.ReadAllBytes(Path.Combine(folder, CheckpointFiles.Safetensors)));
    }

    [Fact]
    public void An_unknown_model_is_a_clear_error()
    {
        var error = Assert.Throws<HubException>(() => ModelLocation.Resolve("org/no-such-model", Options()));

        Assert.Equal(HubErrorKind.RepositoryNotFound, error.Kind);
        Assert.Contains($"no model 'org/no-such-model' on {hub.Hub.BaseUrl}", error.Message);
        Assert.Contains("check the name", error.Message);
        Assert.Equal("org/no-such-model", error.RepoId);
        Assert.Equal("config.json", error.FileName);
        Assert.Equal($"{hub.Hub.BaseUrl}/org/no-such-model/resolve/main/config.json", error.Url!.ToString());
    }

    [Fact]
    public void An_unknown_revision_is_a_clear_error()
    {
        var error = Assert.Throws<HubException>(() => ModelLocation.Resolve("org/tiny@v9", Options()));

        Assert.Equal(HubErrorKind.RevisionNotFound, error.Kind);
        Assert.Contains("has no revision 'v9'", error.Message);
    }

    [Fact]
    public void A_gated_model_needs_a_token_and_a_wrong_one_is_rejected()
    {
        hub.Repositories["org/gated"] = new FakeRepository { RequiredToken = "hf_good" };
        hub.Repositories["org/gated"].AddCommit(tiny.Files, "main");

        var missing = Assert.Throws<HubException>(() => ModelLocation.Resolve("org/gated", Options()));
        Assert.Equal(HubErrorKind.TokenRequired, missing.Kind);
        Assert.Contains("gated or private", missing.Message);
        Assert.Contains("set HF_TOKEN", missing.Message);
        Assert.Equal(401, missing.StatusCode);

        var rejected = Assert.Throws<HubException>(() => ModelLocation.Resolve("org/gated", Options(token: "hf_bad")));
        Assert.Equal(HubErrorKind.TokenRejected, rejected.Kind);
        Assert.Contains("token was rejected", rejected.Message);

        var folder = ModelLocation.Resolve("org/gated", Options(token: "hf_good"));
        Assert.True(File.Exists(Path.Combine(folder, CheckpointFiles.Safetensors)));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void An_interrupted_transfer_is_resumed_by_the_next_call(bool serverIgnoresRange)
    {
        var weights = tiny.Files[CheckpointFiles.Safetensors];
        var sha = FakeHub.Sha256(weights);
        hub.CutNextTransfer[sha] = weights.Length / 3;
        hub.IgnoreRange = serverIgnoresRange;

        var error = Assert.Throws<HubException>(() => ModelLocation.Resolve("org/tiny", Options()));

        Assert.Equal(HubErrorKind.Interrupted, error.Kind);
        Assert.Equal(CheckpointFiles.Safetensors, error.FileName);
        Assert.Contains("next try resumes", error.Message);
        var incomplete = Path.Combine(RepoFolder, "blobs", sha + ".incomplete");
        Assert.Equal(weights.Length / 3, new FileInfo(incomplete).Length);
        Assert.False(File.Exists(Path.Combine(RepoFolder, "blobs", sha)));

        var folder = ModelLocation.Resolve("org/tiny", Options());

        var resumed = hub.Cdn.Requests.Last();
        Assert.Equal($"bytes={weights.Length / 3}-", resumed.Header("Range"));
        Assert.Equal(weights, File.ReadAllBytes(Path.Combine(folder, CheckpointFiles.Safetensors)));
        Assert.False(File.Exists(incomplete));
        using var downloaded = BertForSequenceClassification.FromPretrained(folder);
        using var saved = BertForSequenceClassification.FromPretrained(tiny.SavedFolder);
        TinyHubModel.AssertSameWeights(saved, downloaded);
    }

    [Fact]
    public void A_file_whose_hash_is_not_its_etag_is_refused_and_deleted()
    {
        var sha = FakeHub.Sha256(tiny.Files[CheckpointFiles.Safetensors]);
        hub.Corrupt.Add(sha);

        var error = Assert.Throws<HubException>(() => ModelLocation.Resolve("org/tiny", Options()));

        Assert.Equal(HubErrorKind.HashMismatch, error.Kind);
        Assert.Contains(CheckpointFiles.Safetensors, error.Message);
        Assert.Contains($"announced {sha}", error.Message);
        Assert.Matches("its SHA-256 is [0-9a-f]{64}", error.Message);
        Assert.Empty(Directory.GetFiles(Path.Combine(RepoFolder, "blobs"), sha + "*"));
        Assert.False(File.Exists(Path.Combine(RepoFolder, "snapshots", mainCommit, CheckpointFiles.Safetensors)));

        hub.Corrupt.Clear();
        var folder = ModelLocation.Resolve("org/tiny", Options());
        Assert.Equal(tiny.Files[CheckpointFiles.Safetensors], File.ReadAllBytes(Path.Combine(folder, CheckpointFiles.Safetensors)));
    }

    [Fact]
    public void A_sharded_model_is_downloaded_with_every_shard()
    {
        var files = tiny.Files.Where(f => f.Key != CheckpointFiles.Safetensors).Concat(tiny.Shards).ToDictionary();
        var sharded = new FakeRepository();
        sharded.AddCommit(files, "main");
        hub.Repositories["org/sharded"] = sharded;
        using var scope = HubOptions.Use(Options());

        using var downloaded = BertForSequenceClassification.FromPretrained("org/sharded");

        using var saved = BertForSequenceClassification.FromPretrained(tiny.SavedFolder);
        TinyHubModel.AssertSameWeights(saved, downloaded);
        var snapshot = Directory.GetDirectories(Path.Combine(cache, "models--org--sharded", "snapshots")).Single();
        Assert.Equal(tiny.Shards.Keys.Order(), Directory.GetFiles(snapshot, "model*").Select(Path.GetFileName).Order());
        // model.safetensors was asked for first and is absent; nothing else was skipped.
        Assert.True(File.Exists(Path.Combine(cache, "models--org--sharded", ".no_exist", Path.GetFileName(snapshot), CheckpointFiles.Safetensors)));
    }

    [Fact]
    public void Offline_mode_uses_the_cache_without_any_request()
    {
        var online = ModelLocation.Resolve("org/tiny", Options());
        int before = hub.Hub.Requests.Count + hub.Cdn.Requests.Count;

        var offline = ModelLocation.Resolve("org/tiny", Options(offline: true));

        Assert.Equal(online, offline);
        Assert.Equal(before, hub.Hub.Requests.Count + hub.Cdn.Requests.Count);
        using var scope = HubOptions.Use(Options(offline: true));
        using var model = BertForSequenceClassification.FromPretrained("org/tiny");
    }

    [Fact]
    public void Offline_mode_without_the_model_cached_says_so()
    {
        var error = Assert.Throws<HubException>(() => ModelLocation.Resolve("org/tiny", Options(offline: true)));

        Assert.Equal(HubErrorKind.NotCached, error.Kind);
        Assert.Contains("config.json of 'org/tiny' is not in the cache", error.Message);
        Assert.Contains("offline mode is on", error.Message);
        Assert.Empty(hub.Hub.Requests);
    }

    [Fact]
    public void When_the_hub_is_unreachable_the_cached_copy_is_used_and_without_one_the_error_says_so()
    {
        ModelLocation.Resolve("org/tiny", Options());
        // A port that was just free and is now closed: connection refused.
        string closed;
        using (var gone = new LoopbackHttpServer(_ => LoopbackResponse.Of(500)))
            closed = gone.BaseUrl;

        var folder = ModelLocation.Resolve("org/tiny", Options(endpoint: closed));
        Assert.Equal(Path.Combine(RepoFolder, "snapshots", mainCommit), folder);

        var error = Assert.Throws<HubException>(() => ModelLocation.Resolve("org/other", Options(endpoint: closed)));
        Assert.Equal(HubErrorKind.Unreachable, error.Kind);
        Assert.Contains($"could not reach {closed}", error.Message);
    }

    [Fact]
    public void A_local_path_wins_and_a_name_that_is_neither_is_a_clear_error()
    {
        Assert.Equal(tiny.SavedFolder, ModelLocation.Resolve(tiny.SavedFolder, Options()));
        var file = Path.Combine(tiny.SavedFolder, CheckpointFiles.Safetensors);
        Assert.Equal(file, ModelLocation.Resolve(file, Options()));

        var error = Assert.Throws<FileNotFoundException>(() => ModelLocation.Resolve("/no/such/folder", Options()));
        Assert.Contains("/no/such/folder: no such file or folder, and not a valid Hugging Face model id", error.Message);
        Assert.Empty(hub.Hub.Requests);
    }
}
