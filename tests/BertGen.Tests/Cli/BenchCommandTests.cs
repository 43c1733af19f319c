using System.Text.Json;
using BertGen.Data;
using BertGen.Tests.Infrastructure;
using BertGen.Tokenization;

namespace BertGen.Tests.Cli;

/// <summary>
/// The benchmark commands run end to end at toy sizes and write every figure with its name, unit and
/// configuration. Nothing here asserts a speed: the figures are for people to read, not for tests to judge.
/// </summary>
public sealed class BenchCommandTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("bertgen-bench-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private static (int ExitCode, string Output) Bertgen(params string[] arguments) => BertgenCli.Run(arguments);

    [Fact]
    public void Model_benchmark_measures_every_candidate_and_writes_them_as_json()
    {
        var json = Path.Combine(folder, "model.json");

        var (exitCode, output) = Bertgen("bench", "model", "--sizes", "tiny", "--shapes", "2x16", "--repeats", "1", "--min-seconds", "0", "--json", json);

        Assert.True(exitCode == 0, output);
        Assert.Contains("bf16_instructions", output);
        using var document = JsonDocument.Parse(File.ReadAllText(json));
        Assert.True(document.RootElement.GetProperty("machine").GetProperty("torch_threads").GetInt32() > 0);
        var figures = document.RootElement.GetProperty("figures").EnumerateArray()
            .Where(f => f.GetProperty("unit").GetString() == "tokens/s")
            .Select(f => (Mode: f.GetProperty("config").GetProperty("mode").GetString(), Precision: f.GetProperty("config").GetProperty("precision").GetString(),
                Implementation: f.GetProperty("config").GetProperty("implementation").GetString(), Value: f.GetProperty("value").GetDouble()))
            .ToList();
        // Training: generated in float32 and bfloat16, hand-written in float32; inference: both in both.
        Assert.Equal(
            new[] { ("infer", "BFloat16", "generated"), ("infer", "BFloat16", "hand-written"), ("infer", "Float32", "generated"), ("infer", "Float32", "hand-written"),
                ("train", "BFloat16", "generated"), ("train", "Float32", "generated"), ("train", "Float32", "hand-written") },
            figures.Select(f => (f.Mode!, f.Precision!, f.Implementation!)).Order().ToArray());
        Assert.All(figures, f => Assert.True(f.Value > 0 && double.IsFinite(f.Value), $"{f}"));
    }

    [Fact]
    public void Model_benchmark_rejects_a_malformed_shape()
    {
        var (exitCode, output) = Bertgen("bench", "model", "--shapes", "16by128");

        Assert.Equal(1, exitCode);
        Assert.Contains("--shapes: \"16by128\" is not BATCHxLENGTH", output);
    }

    [Fact]
    public void Epoch_benchmark_runs_the_tutorial_settings_and_ours_and_compares_them()
    {
        var reviews = SyntheticReviews.Generate(300, seed: 4);
        var data = Path.Combine(folder, "reviews.csv");
        File.WriteAllLines(data, ["review,sentiment", .. reviews.Select(r => $"\"{r.Text.Replace("\"", "\"\"")}\",{r.Label}")]);
        var vocabulary = Path.Combine(folder, "vocab.txt");
        WordVocabulary.Write(vocabulary, reviews.Select(r => r.Text));
        var json = Path.Combine(folder, "epoch.json");

        var (exitCode, output) = Bertgen("bench", "epoch", "--data", data, "--vocab", vocabulary, "--size", "tiny", "--work", Path.Combine(folder, "runs"), "--json", json);

        Assert.True(exitCode == 0, output);
        using var document = JsonDocument.Parse(File.ReadAllText(json));
        var figures = document.RootElement.GetProperty("figures").EnumerateArray().ToList();
        double Figure(string name, string setting) => figures.Single(f => f.GetProperty("name").GetString() == name
            && f.GetProperty("config").TryGetProperty("setting", out var s) && s.GetString() == setting).GetProperty("value").GetDouble();
        // The tutorial pads all 270 training reviews to 512 tokens; ours pads each batch to its longest review.
        Assert.Equal(270 * 512, Figure("training_tokens", "tutorial"));
        Assert.True(Figure("training_tokens", "bertgen") < 270 * 512 / 4, output);
        Assert.True(Figure("peak_resident_memory", "bertgen") > 0);
        Assert.Contains("fewer tokens", output);
    }
}
