using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using BertGen.Training;

namespace BertGen.Cli.Bench;

/// <summary>
/// <c>bertgen bench epoch</c>: IMDb fine-tuning end to end, once with the tutorial's settings (every review padded
/// to 512, random batches, float32) and once with BertGen's (dynamic padding, length-grouped batches, bfloat16
/// mixed precision), each as a separate <c>bertgen finetune</c> process so that its peak resident memory is its own.
/// Reports wall time, training tokens (padding included), peak resident memory and validation accuracy.
/// </summary>
internal static class EpochBenchCommand
{
    private sealed record Setting(string Name, string[] Arguments);

    private static readonly Setting[] s_settings =
    [
        new("tutorial", ["--padding", "MaxLength", "--no-length-grouping", "--precision", "Float32"]),
        new("bertgen", ["--padding", "Longest", "--precision", "BFloat16"]),
    ];

    public static Command Create()
    {
        var data = new Option<string>("--data") { Description = "IMDb CSV (plain or .gz) or aclImdb folder", Required = true };
        var vocab = new Option<string>("--vocab") { Description = "vocab.txt", Required = true };
        var size = new Option<string>("--size") { Description = "Model size trained from scratch", DefaultValueFactory = _ => "tiny" };
        var limit = new Option<int?>("--limit") { Description = "Use only the first N reviews (90% train, 10% validation)" };
        var epochs = new Option<int>("--epochs") { Description = "Epochs per setting", DefaultValueFactory = _ => 1 };
        var learningRate = new Option<double>("--learning-rate") { Description = "Peak learning rate (a model trained from scratch wants more than 2e-5)", DefaultValueFactory = _ => 5e-4 };
        var work = new Option<string>("--work") { Description = "Folder for the runs' outputs", DefaultValueFactory = _ => Path.Combine(Path.GetTempPath(), "bertgen-bench-epoch") };
        var json = new Option<string?>("--json") { Description = "Write every figure with its name, unit and configuration to this JSON file" };
        var command = new Command("epoch", "One IMDb fine-tuning run end to end with the tutorial's settings and with BertGen's: wall time, tokens, peak memory, accuracy.")
        {
            data, vocab, size, limit, epochs, learningRate, work, json,
        };
        command.SetAction(result => CommandErrors.Run(() =>
        {
            BenchReport.PrintMachine(Environment.ProcessorCount);
            var report = new BenchReport();
            var rows = new List<IReadOnlyList<string>>();
            var common = new List<string>
            {
                "--data", result.GetValue(data)!, "--vocab", result.GetValue(vocab)!, "--size", result.GetValue(size)!,
                "--epochs", result.GetValue(epochs).ToString(CultureInfo.InvariantCulture),
                "--learning-rate", result.GetValue(learningRate).ToString("R", CultureInfo.InvariantCulture), "--warmup-ratio", "0.1",
                "--batch-size", "16", "--max-length", "512", "--split", "Ordered", "--seed", "42",
            };
            if (result.GetValue(limit) is { } n)
                common.AddRange(["--limit", n.ToString(CultureInfo.InvariantCulture)]);
            var walls = new Dictionary<string, double>();
            var tokens = new Dictionary<string, double>();
            foreach (var setting in s_settings)
            {
                string output = Path.Combine(result.GetValue(work)!, setting.Name);
                if (Directory.Exists(output))
                    Directory.Delete(output, recursive: true);
                var arguments = common.Concat(setting.Arguments).Concat(["--output", output]).ToList();
                Console.WriteLine($"{setting.Name}: bertgen finetune {string.Join(' ', arguments)}");
                var clock = Stopwatch.StartNew();
                RunFinetune(arguments);
                double wall = clock.Elapsed.TotalSeconds;
                using var metrics = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(output, MetricsReport.JsonFile)));
                var epochs = metrics.RootElement.EnumerateArray().ToList();
                double trainSeconds = epochs.Sum(e => e.GetProperty("seconds").GetDouble()), trainTokens = epochs.Sum(e => e.GetProperty("tokens_processed").GetDouble());
                double peak = epochs.Max(e => e.GetProperty("peak_resident_mb").GetDouble()), accuracy = epochs[^1].GetProperty("val_accuracy").GetDouble();
                walls[setting.Name] = wall;
                tokens[setting.Name] = trainTokens;
                var config = new Dictionary<string, object> { ["setting"] = setting.Name, ["arguments"] = string.Join(' ', arguments) };
                report.Add("wall_seconds", "s", wall, config);
                report.Add("training_seconds", "s", trainSeconds, config);
                report.Add("training_tokens", "tokens", trainTokens, config);
                report.Add("training_tokens_per_second", "tokens/s", trainTokens / trainSeconds, config);
                report.Add("peak_resident_memory", "MiB", peak, config);
                report.Add("validation_accuracy", "%", 100 * accuracy, config);
                rows.Add([setting.Name, BenchReport.Number(wall), BenchReport.Number(trainSeconds), BenchReport.Number(trainTokens),
                    BenchReport.Number(trainTokens / trainSeconds), BenchReport.Number(peak), (100 * accuracy).ToString("F2", CultureInfo.InvariantCulture)]);
            }
            BenchReport.PrintTable("IMDb fine-tuning end to end", ["setting", "wall s", "training s", "training tokens", "tokens/s", "peak RSS MiB", "val acc %"], rows);
            double fewerTokens = tokens["tutorial"] / tokens["bertgen"], faster = walls["tutorial"] / walls["bertgen"];
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"BertGen's settings: {fewerTokens:F2}x fewer tokens, {faster:F2}x less wall time than the tutorial's."));
            report.Add("tokens_ratio_tutorial_over_bertgen", "x", fewerTokens, new Dictionary<string, object>());
            report.Add("wall_ratio_tutorial_over_bertgen", "x", faster, new Dictionary<string, object>());
            if (result.GetValue(json) is { } path)
                report.WriteJson(path, Environment.ProcessorCount);
            return Task.FromResult(0);
        }));
        return command;
    }

    // The same executable runs the fine-tuning, as `dotnet BertGen.Cli.dll` or as the installed tool.
    private static void RunFinetune(IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo { FileName = Environment.ProcessPath!, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath!) == "dotnet")
            start.ArgumentList.Add(typeof(EpochBenchCommand).Assembly.Location);
        start.ArgumentList.Add("finetune");
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start bertgen finetune");
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"bertgen finetune exited with code {process.ExitCode}");
    }
}
