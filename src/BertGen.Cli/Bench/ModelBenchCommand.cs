using System.CommandLine;
using BertGen.Modeling;

namespace BertGen.Cli.Bench;

/// <summary><c>bertgen bench model</c>: training and inference throughput of the generated models.</summary>
internal static class ModelBenchCommand
{
    public static Command Create()
    {
        var sizes = new Option<string[]>("--sizes") { Description = "Model sizes", DefaultValueFactory = _ => ["tiny", "mini", "small", "base"], AllowMultipleArgumentsPerToken = true };
        var shapes = new Option<string[]>("--shapes") { Description = "(batch, sequence) shapes as BATCHxLENGTH", DefaultValueFactory = _ => ["16x128", "8x256", "4x512"], AllowMultipleArgumentsPerToken = true };
        var modes = new Option<string[]>("--modes") { Description = "train (forward, backward, AdamW step) and/or infer", DefaultValueFactory = _ => ["train", "infer"], AllowMultipleArgumentsPerToken = true };
        var precisions = new Option<ComputePrecision[]>("--precisions") { Description = "Float32 and/or BFloat16", DefaultValueFactory = _ => [ComputePrecision.Float32, ComputePrecision.BFloat16], AllowMultipleArgumentsPerToken = true };
        var noBaseline = new Option<bool>("--no-hand-written") { Description = "Skip the hand-written TorchSharp baseline" };
        var warmups = new Option<int>("--warmups") { Description = "Untimed runs first", DefaultValueFactory = _ => 1 };
        var repeats = new Option<int>("--repeats") { Description = "Timed runs (the median is reported)", DefaultValueFactory = _ => 3 };
        var minSeconds = new Option<double>("--min-seconds") { Description = "Each timed run repeats the step until it lasts about this long", DefaultValueFactory = _ => 2.0 };
        var json = new Option<string?>("--json") { Description = "Write every figure with its name, unit and configuration to this JSON file" };
        var command = new Command("model", "Training-step and inference throughput (tokens/s) of the generated models against hand-written TorchSharp, in float32 and bfloat16.")
        {
            sizes, shapes, modes, precisions, noBaseline, warmups, repeats, minSeconds, json,
        };
        command.SetAction(result => CommandErrors.Run(() =>
        {
            foreach (var mode in result.GetValue(modes)!)
                if (mode is not ("train" or "infer"))
                    throw new ArgumentException($"--modes: \"{mode}\" is neither train nor infer");
            foreach (var size in result.GetValue(sizes)!)
                if (!BertSizes.All.ContainsKey(size))
                    throw new ArgumentException($"--sizes: unknown size \"{size}\"; expected one of {string.Join(", ", BertSizes.All.Keys)}");
            // A fixed count for comparable figures: --threads, or every core this process may use.
            int threadCount = Runtime.CpuThreads.Fixed ?? Runtime.CpuThreads.Budget;
            TorchSharp.torch.set_num_threads(threadCount);
            BenchReport.PrintMachine(threadCount);
            var report = new BenchReport();
            var settings = new ModelBenchSettings(result.GetValue(sizes)!, result.GetValue(shapes)!.Select(ParseShape).ToList(), result.GetValue(modes)!,
                result.GetValue(precisions)!, !result.GetValue(noBaseline), result.GetValue(warmups), result.GetValue(repeats), result.GetValue(minSeconds), threadCount);
            ModelBenchmark.Run(settings, report);
            if (result.GetValue(json) is { } path)
                report.WriteJson(path, threadCount);
            return Task.FromResult(0);
        }));
        return command;
    }

    private static (int Batch, int Length) ParseShape(string text)
    {
        var parts = text.Split('x');
        if (parts.Length != 2 || !int.TryParse(parts[0], out int batch) || !int.TryParse(parts[1], out int length) || batch < 1 || length < 2 || length > 512)
            throw new ArgumentException($"--shapes: \"{text}\" is not BATCHxLENGTH with a length of 2 to 512 (for example 16x128)");
        return (batch, length);
    }
}
