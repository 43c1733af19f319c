using System.CommandLine;
using System.Globalization;
using BertGen.Modeling;
using BertGen.Models;
using BertGen.Training;
using BertGen.Runtime;
using static TorchSharp.torch;

namespace BertGen.Cli.Bench;

/// <summary>
/// <c>bertgen bench memory</c>: peak resident memory of BERT fine-tuning steps against the estimate of
/// <see cref="TrainingMemoryEstimate"/>. Peak resident memory is per process, so this is a command of its own.
/// </summary>
internal static class MemoryBenchCommand
{
    public static Command Create()
    {
        var size = new Option<string>("--size") { Description = "Model size", DefaultValueFactory = _ => "base" };
        var batch = new Option<int>("--batch") { Description = "Batch size", DefaultValueFactory = _ => 16 };
        var length = new Option<int>("--length") { Description = "Sequence length", DefaultValueFactory = _ => 128 };
        var steps = new Option<int>("--steps") { Description = "Training steps (the optimizer state exists from the first)", DefaultValueFactory = _ => 3 };
        var precision = new Option<ComputePrecision>("--precision") { DefaultValueFactory = _ => ComputePrecision.Float32 };
        var json = new Option<string?>("--json") { Description = "Write every figure with its name, unit and configuration to this JSON file" };
        var command = new Command("memory", "Peak resident memory of fine-tuning steps against the parameter + gradient + optimizer + activation estimate.")
        {
            size, batch, length, steps, precision, json,
        };
        command.SetAction(result => CommandErrors.Run(() =>
        {
            BenchReport.PrintMachine(get_num_threads());
            int b = result.GetValue(batch), s = result.GetValue(length);
            var config = BertSizes.Config(result.GetValue(size)!, 30522) with { NumLabels = 2 };
            double before = ResidentMemory.CurrentBytes();
            using var model = BertForSequenceClassification.Create(config);
            long parameters = model.parameters().Sum(p => p.numel());
            using var optimizer = ParameterGroups.CreateOptimizer(model, 2e-5, 0.01);
            using var ids = randint(1000, 30522, [b, s], dtype: ScalarType.Int64);
            using var mask = ones([b, s], dtype: ScalarType.Int64);
            using var labels = randint(0, 2, [b], dtype: ScalarType.Int64);
            double withState = ResidentMemory.CurrentBytes();
            model.train();
            double forwardGrowth = 0;
            for (int i = 0; i < result.GetValue(steps); i++)
            {
                using var scope = NewDisposeScope();
                Tensor loss;
                using (MixedPrecision.Enable(result.GetValue(precision)))
                    loss = model.Forward(new BertInputs(ids, mask), labels).Loss!;
                // The first step's forward pass shows the saved activations (and what the allocator adds to them);
                // later steps reuse memory the allocator kept. Nothing is allocated between withState and here.
                if (i == 0)
                    forwardGrowth = ResidentMemory.CurrentBytes() - withState;
                loss.backward();
                optimizer.step();
                optimizer.zero_grad();
            }
            double peak = ResidentMemory.PeakBytes();
            var (state, activations) = TrainingMemoryEstimate.Bytes(parameters, config.NumHiddenLayers, config.HiddenSize, config.NumAttentionHeads, b, s);
            double estimate = state + activations, measured = peak - before;
            const double MiB = 1024 * 1024;
            BenchReport.PrintTable($"Training-step memory, {result.GetValue(size)} ({b},{s}) {result.GetValue(precision)}", ["figure", "MiB"],
            [
                ["parameters", parameters.ToString("N0", CultureInfo.InvariantCulture)],
                ["estimate: weights + gradients + AdamW moments", BenchReport.Number(state / MiB)],
                ["estimate: saved activations", BenchReport.Number(activations / MiB)],
                ["estimate: total", BenchReport.Number(estimate / MiB)],
                ["resident before the model", BenchReport.Number(before / MiB)],
                // FusedAdamW allocates the gradients with the moments, so all 16 bytes a parameter exist before the first step.
                ["weights, gradients and AdamW moments: resident growth (estimate)", $"{BenchReport.Number((withState - before) / MiB)} ({BenchReport.Number(state / MiB)})"],
                ["first step: resident after forward − before it (estimate: saved activations)", $"{BenchReport.Number(forwardGrowth / MiB)} ({BenchReport.Number(activations / MiB)})"],
                ["peak resident", BenchReport.Number(peak / MiB)],
                ["peak resident − before the model", BenchReport.Number(measured / MiB)],
                ["measured / estimate", (measured / estimate).ToString("F3", CultureInfo.InvariantCulture)],
            ]);
            var figureConfig = new Dictionary<string, object> { ["size"] = result.GetValue(size)!, ["batch"] = b, ["sequence"] = s, ["precision"] = result.GetValue(precision).ToString() };
            var report = new BenchReport();
            report.Add("estimate_state", "MiB", state / MiB, figureConfig);
            report.Add("estimate_activations", "MiB", activations / MiB, figureConfig);
            report.Add("estimate_total", "MiB", estimate / MiB, figureConfig);
            report.Add("resident_before_model", "MiB", before / MiB, figureConfig);
            report.Add("state_resident_growth", "MiB", (withState - before) / MiB, figureConfig);
            report.Add("first_forward_resident_growth", "MiB", forwardGrowth / MiB, figureConfig);
            report.Add("peak_resident", "MiB", peak / MiB, figureConfig);
            report.Add("measured_over_estimate", "x", measured / estimate, figureConfig);
            if (result.GetValue(json) is { } path)
                report.WriteJson(path, get_num_threads());
            return Task.FromResult(0);
        }));
        return command;
    }
}
