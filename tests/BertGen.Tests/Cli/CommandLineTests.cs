using System.Text.Json;
using BertGen.Data;
using BertGen.Tests.Infrastructure;
using BertGen.Tokenization;

namespace BertGen.Tests.Cli;

/// <summary>The bertgen command end to end: finetune on a CSV, then evaluate and predict with the saved folder.</summary>
public sealed class CommandLineTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("bertgen-cli-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private static (int ExitCode, string Output) Bertgen(params string[] arguments) => BertgenCli.Run(arguments);

    private string WriteCsv(IEnumerable<LabeledText> reviews, string name)
    {
        var path = Path.Combine(folder, name);
        File.WriteAllLines(path, ["text,label", .. reviews.Select(r => $"\"{r.Text.Replace("\"", "\"\"")}\",{r.Label}")]);
        return path;
    }

    [Fact]
    public void Finetune_then_evaluate_and_predict_as_json()
    {
        var reviews = SyntheticReviews.Generate(1200, seed: 21);
        var train = WriteCsv(reviews.Take(1000), "train.csv");
        var test = WriteCsv(reviews.Skip(1000), "test.csv");
        var vocabulary = Path.Combine(folder, "vocab.txt");
        WordVocabulary.Write(vocabulary, reviews.Select(r => r.Text));
        var model = Path.Combine(folder, "model");

        var finetune = Bertgen("finetune", "--data", train, "--text-column", "text", "--label-column", "label", "--vocab", vocabulary, "--size", "tiny",
            "--output", model, "--epochs", "4", "--learning-rate", "5e-4", "--warmup-ratio", "0.1", "--max-length", "128", "--split", "Stratified");
        Assert.True(finetune.ExitCode == 0, finetune.Output);
        Assert.Contains("Best epoch", finetune.Output);
        Assert.Single(finetune.Output.Split('\n'), line => line.StartsWith("Model: ", StringComparison.Ordinal));
        Assert.True(File.Exists(Path.Combine(model, "bertgen_preprocessing.json")), "the run records its cleaning");

        var evaluate = Bertgen("evaluate", "--model", model, "--data", test, "--text-column", "text", "--label-column", "label", "--json");
        Assert.True(evaluate.ExitCode == 0, evaluate.Output);
        using var metrics = JsonDocument.Parse(evaluate.Output);
        Assert.True(metrics.RootElement.GetProperty("Accuracy").GetDouble() > 0.8, evaluate.Output);

        var predict = Bertgen("predict", "--model", model, "--json", "--text", "The acting was superb. The story was wonderful. Highly recommended.");
        Assert.True(predict.ExitCode == 0, predict.Output);
        using var prediction = JsonDocument.Parse(predict.Output.Trim());
        Assert.Equal("positive", prediction.RootElement.GetProperty("label").GetString());
        var probabilities = prediction.RootElement.GetProperty("probabilities");
        Assert.Equal(1.0, probabilities.GetProperty("negative").GetDouble() + probabilities.GetProperty("positive").GetDouble(), 6);
    }

    [Fact]
    public void Bad_data_is_one_clear_error_line_and_exit_code_1()
    {
        var data = Path.Combine(folder, "bad.csv");
        File.WriteAllText(data, "review,score\nFine.,5\n");

        var (exitCode, output) = Bertgen("finetune", "--data", data, "--vocab", data, "--output", Path.Combine(folder, "out"));

        Assert.Equal(1, exitCode);
        Assert.Contains($"error: {data}: has no label column \"sentiment\"; its header has \"review\", \"score\"", output);
    }

    [Fact]
    public void Help_documents_every_option_with_its_default()
    {
        var (exitCode, output) = Bertgen("finetune", "--help");

        Assert.Equal(0, exitCode);
        Assert.Contains("--learning-rate", output);
        Assert.Contains("[default: 2E-05]", output);
        Assert.Contains("--gradient-accumulation", output);
        Assert.Contains("--resume", output);
    }
}
