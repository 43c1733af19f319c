using System.Text.Json;
using BertGen.Hub;
using BertGen.Tests.Infrastructure;
using Spectre.Console;

namespace BertGen.Tests.Hub;

/// <summary>The command line takes model ids for --model, reads the hub's environment variables, and reports progress.</summary>
public sealed class HubCommandLineTests : IClassFixture<TinyHubModel>, IDisposable
{
    private readonly FakeHub hub = new();
    private readonly string cache = Directory.CreateTempSubdirectory("bertgen-hub-cli-").FullName;

    public HubCommandLineTests(TinyHubModel tiny)
    {
        var repository = new FakeRepository();
        repository.AddCommit(tiny.Files, "main");
        hub.Repositories["org/tiny"] = repository;
    }

    public void Dispose()
    {
        hub.Dispose();
        Directory.Delete(cache, recursive: true);
    }

    // The child process gets its own variables, so setting them here does not touch the tests running beside it.
    private Dictionary<string, string?> Environment(bool offline = false) => new()
    {
        ["HF_ENDPOINT"] = hub.Hub.BaseUrl,
        ["HF_HUB_CACHE"] = cache,
        ["HF_HUB_OFFLINE"] = offline ? "1" : null,
        ["HF_TOKEN"] = null,
        ["HF_HOME"] = cache,
        ["HF_HUB_DISABLE_PROGRESS_BARS"] = null,
    };

    [Fact]
    public void Predict_downloads_a_model_id_then_works_offline_and_an_unknown_id_is_one_error_line()
    {
        var (exitCode, output) = BertgenCli.RunWith(Environment(), "predict", "--model", "org/tiny", "--json", "--text", "good movie");

        Assert.True(exitCode == 0, output);
        // The prediction on standard output (first), the download's log lines on standard error.
        using (var prediction = JsonDocument.Parse(output.Split('\n')[0]))
            Assert.Contains(prediction.RootElement.GetProperty("label").GetString(), new[] { "negative", "positive" });
        Assert.Contains("Downloading org/tiny model.safetensors", output);
        Assert.True(Directory.Exists(Path.Combine(cache, "models--org--tiny", "snapshots")));

        var offline = BertgenCli.RunWith(Environment(offline: true), "predict", "--model", "org/tiny", "--text", "good movie");
        Assert.True(offline.ExitCode == 0, offline.Output);
        Assert.DoesNotContain("Downloading", offline.Output);

        var missing = BertgenCli.RunWith(Environment(), "predict", "--model", "org/missing", "--text", "good movie");
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains($"error: no model 'org/missing' on {hub.Hub.BaseUrl}", missing.Output);
    }

    [Fact]
    public async Task Console_progress_writes_log_lines_with_size_when_not_on_a_terminal()
    {
        var text = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(text), Interactive = InteractionSupport.No });
        var progress = DownloadProgress.Console(console);

        await progress.TrackAsync(new DownloadInfo("org/tiny", "model.safetensors", new Uri("http://127.0.0.1/blobs/x?signature=secret"), 3 << 20, 0), async report =>
        {
            report(1 << 20);
            report(3 << 20);
            await Task.CompletedTask;
        });

        var lines = text.ToString();
        Assert.Contains("Downloading org/tiny model.safetensors (3.0 MiB) from http://127.0.0.1/blobs/x", lines);
        // A presigned URL's query is a credential of sorts; it stays out of logs.
        Assert.DoesNotContain("signature", lines);
        Assert.Contains("model.safetensors: 3.0 MiB done in", lines);
    }
}
