using BertGen.Hub;

namespace BertGen.Tests.Hub;

/// <summary>Model ids and environment variables are read as huggingface_hub reads them.</summary>
public sealed class HubSettingsTests
{
    [Theory]
    [InlineData("bert-base-uncased", "bert-base-uncased", "main")]
    [InlineData("google/bert_uncased_L-2_H-128_A-2", "google/bert_uncased_L-2_H-128_A-2", "main")]
    [InlineData("org/name@v1", "org/name", "v1")]
    [InlineData("org/name@refs/pr/1", "org/name", "refs/pr/1")]
    [InlineData("org/name@0123456789abcdef0123456789abcdef01234567", "org/name", "0123456789abcdef0123456789abcdef01234567")]
    public void Model_ids_parse(string text, string repo, string revision)
    {
        Assert.True(HubModelId.TryParse(text, out var id));
        Assert.Equal(new HubModelId(repo, revision), id);
    }

    [Theory]
    [InlineData("")]
    [InlineData("a/b/c")]
    [InlineData("/abs/path")]
    [InlineData("./relative")]
    [InlineData("org/")]
    [InlineData("-org/name")]
    [InlineData("org--x/name")]
    [InlineData("org/na..me")]
    [InlineData("org/name@")]
    [InlineData("org/name@../../x")]
    [InlineData("org/name with space")]
    public void Invalid_model_ids_are_refused(string text) => Assert.False(HubModelId.TryParse(text, out _));

    [Fact]
    public void The_cache_folder_name_is_huggingface_hubs()
    {
        Assert.Equal("models--google--bert_uncased_L-2_H-128_A-2", HubModelId.Parse("google/bert_uncased_L-2_H-128_A-2").CacheFolderName);
        Assert.Equal("models--bert-base-uncased", HubModelId.Parse("bert-base-uncased@v1").CacheFolderName);
    }

    [Fact]
    public void Defaults_without_variables()
    {
        var options = HubEnvironment.Read(new Dictionary<string, string?>(), "/home/u");

        Assert.Equal("https://huggingface.co", options.Endpoint);
        Assert.Equal("/home/u/.cache/huggingface/hub", options.CacheDirectory);
        Assert.Null(options.Token);
        Assert.False(options.Offline);
    }

    [Fact]
    public void Variables_set_the_endpoint_cache_token_and_offline_mode()
    {
        Assert.Equal("/x/huggingface/hub", HubEnvironment.Read(new Dictionary<string, string?> { ["XDG_CACHE_HOME"] = "/x" }, "/home/u").CacheDirectory);
        Assert.Equal("/hf/hub", HubEnvironment.Read(new Dictionary<string, string?> { ["HF_HOME"] = "/hf" }, "/home/u").CacheDirectory);
        Assert.Equal("/home/u/models", HubEnvironment.Read(new Dictionary<string, string?> { ["HF_HOME"] = "/hf", ["HF_HUB_CACHE"] = "~/models" }, "/home/u").CacheDirectory);

        var options = HubEnvironment.Read(new Dictionary<string, string?>
        {
            ["HF_ENDPOINT"] = "http://mirror.local/",
            ["HF_TOKEN"] = " hf_abc\n",
            ["HF_HUB_OFFLINE"] = "1",
            ["HF_HUB_DISABLE_PROGRESS_BARS"] = "true",
        }, "/home/u");
        Assert.Equal("http://mirror.local", options.Endpoint);
        Assert.Equal("hf_abc", options.Token);
        Assert.True(options.Offline);
        Assert.Same(DownloadProgress.Silent, options.Progress);
        Assert.False(HubEnvironment.Read(new Dictionary<string, string?> { ["HF_HUB_OFFLINE"] = "0" }, "/home/u").Offline);
        Assert.True(HubEnvironment.Read(new Dictionary<string, string?> { ["TRANSFORMERS_OFFLINE"] = "yes" }, "/home/u").Offline);
    }

    [Fact]
    public void The_token_file_is_read_when_HF_TOKEN_is_not_set()
    {
        var home = Directory.CreateTempSubdirectory("bertgen-hf-home-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(home, "token"), "hf_from_file\n");
            Assert.Equal("hf_from_file", HubEnvironment.Read(new Dictionary<string, string?> { ["HF_HOME"] = home }, "/home/u").Token);
            Assert.Equal("hf_env", HubEnvironment.Read(new Dictionary<string, string?> { ["HF_HOME"] = home, ["HF_TOKEN"] = "hf_env" }, "/home/u").Token);
        }
        finally
        {
            Directory.Delete(home, recursive: true);
        }
    }

    [Fact]
    public void The_process_environment_is_read_through_the_same_function()
    {
        // The one test of the process's own variables: it only reads them.
        var options = HubOptions.FromEnvironment();
        var expected = Environment.GetEnvironmentVariable("HF_HUB_CACHE") is { Length: > 0 } cache ? cache : Environment.GetEnvironmentVariable("HUGGINGFACE_HUB_CACHE");
        if (!string.IsNullOrEmpty(expected))
            Assert.Equal(expected, options.CacheDirectory);
        else
            Assert.Equal("hub", Path.GetFileName(options.CacheDirectory));
    }
}
