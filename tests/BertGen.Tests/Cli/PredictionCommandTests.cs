using System.Text.Json;
using BertGen.Data;
using BertGen.Tests.Infrastructure;
using BertGen.Tests.Prediction;

namespace BertGen.Tests.Cli;

/// <summary>predict and evaluate on a model folder BertGen did not train: no cleaning unless asked, every file form, the inference options.</summary>
[Collection(TorchRandomnessCollection.Name)]
public sealed class PredictionCommandTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("bertgen-cli-predict-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private static double[] Probabilities(string jsonLine)
    {
        using var prediction = JsonDocument.Parse(jsonLine);
        return new[] { "negative", "neutral", "positive" }.Select(l => prediction.RootElement.GetProperty("probabilities").GetProperty(l).GetDouble()).ToArray();
    }

    [Fact]
    public void Predict_cleans_only_when_asked_and_reads_every_file_form()
    {
        var model = PreprocessingTests.ThirdPartyFolder(folder);
        var tsv = Path.Combine(folder, "texts.tsv");
        File.WriteAllText(tsv, $"\"{PreprocessingTests.Review}\"\t1\n");
        var jsonl = Path.Combine(folder, "texts.jsonl");
        File.WriteAllText(jsonl, JsonSerializer.Serialize(new { review = PreprocessingTests.Review }) + "\n");

        var plain = BertgenCli.Run("predict", "--model", model, "--json", "--text", PreprocessingTests.Review);
        var cleaned = BertgenCli.Run("predict", "--model", model, "--json", "--clean", "--text", PreprocessingTests.Review);
        var files = BertgenCli.Run("predict", "--model", model, "--json", "--data", tsv, "--no-header", "--text-column", "0",
            "--precision", "BFloat16", "--batch-size", "1", "--max-length", "8");
        var alias = BertgenCli.Run("predict", "--model", model, "--json", "--csv", jsonl);

        Assert.True(plain.ExitCode == 0, plain.Output);
        PreprocessingTests.AssertClose(PreprocessingTests.Reference(model, PreprocessingTests.Review), Probabilities(plain.Output.Trim()));
        Assert.True(cleaned.ExitCode == 0, cleaned.Output);
        PreprocessingTests.AssertClose(PreprocessingTests.Reference(model, TextCleaning.Clean(PreprocessingTests.Review)), Probabilities(cleaned.Output.Trim()));
        Assert.True(files.ExitCode == 0, files.Output);
        using (var fromTsv = JsonDocument.Parse(files.Output.Trim()))
            Assert.Equal($"\"{PreprocessingTests.Review}\"", fromTsv.RootElement.GetProperty("text").GetString());
        Assert.True(alias.ExitCode == 0, alias.Output);
        PreprocessingTests.AssertClose(Probabilities(plain.Output.Trim()), Probabilities(alias.Output.Trim()));
    }

    [Fact]
    public void Evaluate_reads_a_headerless_tsv_and_clean_options_conflict()
    {
        var model = PreprocessingTests.ThirdPartyFolder(folder);
        var tsv = Path.Combine(folder, "labelled.txt");
        File.WriteAllText(tsv, $"{PreprocessingTests.Review}\tneutral\n\"Would\" watch again.\tpositive\n");

        var evaluate = BertgenCli.Run("evaluate", "--model", model, "--data", tsv, "--delimiter", "\\t", "--no-header", "--text-column", "0", "--label-column", "1", "--no-clean");
        var both = BertgenCli.Run("predict", "--model", model, "--clean", "--no-clean", "--text", "x");
        var badDelimiter = BertgenCli.Run("evaluate", "--model", model, "--data", tsv, "--delimiter", "ab");

        Assert.True(evaluate.ExitCode == 0, evaluate.Output);
        Assert.StartsWith("2 examples: accuracy", evaluate.Output.Trim());
        Assert.Equal(1, both.ExitCode);
        Assert.Contains("error: give --clean or --no-clean, not both", both.Output);
        Assert.Equal(1, badDelimiter.ExitCode);
        Assert.Contains("error: --delimiter: expected one ASCII character", badDelimiter.Output);
    }
}
