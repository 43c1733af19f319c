using BertGen.Modeling;
using BertGen.Models;
using BertGen.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace BertGen.Cli.Bench;

/// <summary>What one model benchmark measures.</summary>
internal sealed record ModelBenchSettings(
    IReadOnlyList<string> Sizes, IReadOnlyList<(int Batch, int Length)> Shapes, IReadOnlyList<string> Modes,
    IReadOnlyList<ComputePrecision> Precisions, bool HandWritten, int Warmups, int Repeats, double MinSeconds, int Threads);

/// <summary>
/// Throughput of training steps (forward, backward, AdamW step) and inference of BERT sequence classifiers in
/// tokens per second: the generated model in float32 and bfloat16 mixed precision, and the hand-written
/// TorchSharp baseline (<see cref="HandWrittenBert"/>) in float32 (and, for inference, the whole model cast to
/// bfloat16, the simplest thing a TorchSharp user can do).
/// </summary>
internal static class ModelBenchmark
{
    private const int Vocabulary = 30522;

    public static void Run(ModelBenchSettings settings, BenchReport report)
    {
        var rows = new List<IReadOnlyList<string>>();
        // The first model a process runs is slower (thread pool start, the allocator growing its heap): an
        // untimed run of the smallest configuration keeps that out of the first figure.
        Measure(settings.Sizes[0], settings.Shapes[0].Batch, Math.Min(settings.Shapes[0].Length, 64), settings.Modes[0], "generated",
            ComputePrecision.Float32, settings with { Warmups = 1, Repeats = 1, MinSeconds = 0.5 }, out _);
        foreach (var size in settings.Sizes)
        foreach (var (batch, length) in settings.Shapes)
        foreach (var mode in settings.Modes)
        {
            var candidates = new List<(string Implementation, ComputePrecision Precision)>();
            foreach (var precision in settings.Precisions)
            {
                candidates.Add(("generated", precision));
                if (settings.HandWritten && (precision == ComputePrecision.Float32 || mode == "infer"))
                    candidates.Add(("hand-written", precision));
            }
            foreach (var (implementation, precision) in candidates)
            {
                double seconds = Measure(size, batch, length, mode, implementation, precision, settings, out int stepsPerRun);
                double tokensPerSecond = (double)batch * length * stepsPerRun / seconds;
                var config = new Dictionary<string, object>
                {
                    ["size"] = size, ["batch"] = batch, ["sequence"] = length, ["mode"] = mode,
                    ["precision"] = precision.ToString(), ["implementation"] = implementation, ["threads"] = settings.Threads,
                };
                report.Add($"{mode}_tokens_per_second", "tokens/s", tokensPerSecond, config);
                report.Add($"{mode}_milliseconds_per_step", "ms", 1000 * seconds / stepsPerRun, config);
                rows.Add([size, $"({batch},{length})", mode, precision.ToString(), implementation,
                    BenchReport.Number(tokensPerSecond), BenchReport.Number(1000 * seconds / stepsPerRun)]);
                Console.WriteLine($"  {string.Join("  ", rows[^1])}");
            }
        }
        BenchReport.PrintTable("Model throughput (median after warm-up)", ["size", "(batch,seq)", "mode", "precision", "implementation", "tokens/s", "ms/step"], rows);
    }

    private static double Measure(string size, int batch, int length, string mode, string implementation, ComputePrecision precision,
        ModelBenchSettings settings, out int stepsPerRun)
    {
        manual_seed(0);
        var config = BertSizes.Config(size, Vocabulary) with { NumLabels = 2 };
        var ids = randint(1000, Vocabulary, [batch, length], dtype: ScalarType.Int64);
        var mask = ones([batch, length], dtype: ScalarType.Int64);
        var labels = randint(0, 2, [batch], dtype: ScalarType.Int64);
        using var inputs = new DisposeAll(ids, mask, labels);

        var owned = new List<IDisposable>();
        Action step;
        nn.Module module;
        if (implementation == "generated")
        {
            var model = BertForSequenceClassification.Create(config);
            module = model;
            var bertInputs = new BertInputs(ids, mask);
            if (mode == "train")
                step = TrainStep(model, () => model.Forward(bertInputs, labels).Loss!, precision, owned);
            else
            {
                if (precision == ComputePrecision.BFloat16)
                    ReducedPrecisionInference.ConvertToBFloat16(model);
                step = InferenceStep(model, () => model.Forward(bertInputs).Logits);
            }
        }
        else
        {
            var model = new HandWrittenBert(Vocabulary, config.NumHiddenLayers, config.HiddenSize, config.NumAttentionHeads, 2);
            module = model;
            if (mode == "train")
                step = TrainStep(model, () => nn.functional.cross_entropy(model.forward(ids, mask), labels), ComputePrecision.Float32, owned);
            else
            {
                if (precision == ComputePrecision.BFloat16)
                    model.to(ScalarType.BFloat16);
                step = InferenceStep(model, () => model.forward(ids, mask));
            }
        }
        owned.Add(module);
        try
        {
            // Enough steps per timed run that one run lasts MinSeconds, as measured on the first warm-up.
            var clock = System.Diagnostics.Stopwatch.StartNew();
            step();
            stepsPerRun = Math.Max(1, (int)Math.Ceiling(settings.MinSeconds / clock.Elapsed.TotalSeconds));
            int steps = stepsPerRun;
            return Medians.Seconds(() => { for (int i = 0; i < steps; i++) step(); }, Math.Max(0, settings.Warmups - 1), settings.Repeats);
        }
        finally
        {
            owned.ForEach(o => o.Dispose());
        }
    }

    private static Action TrainStep(nn.Module model, Func<Tensor> loss, ComputePrecision precision, List<IDisposable> owned)
    {
        model.train();
        var optimizer = ParameterGroups.CreateOptimizer(model, 2e-5, 0.01);
        owned.Add(optimizer);
        return () =>
        {
            using var scope = NewDisposeScope();
            using (MixedPrecision.Enable(precision))
                loss().backward();
            optimizer.step();
            optimizer.zero_grad();
        };
    }

    private static Action InferenceStep(nn.Module model, Func<Tensor> logits)
    {
        model.eval();
        return () =>
        {
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            logits().cpu();
        };
    }

    private sealed class DisposeAll(params Tensor[] tensors) : IDisposable
    {
        public void Dispose()
        {
            foreach (var tensor in tensors)
                tensor.Dispose();
        }
    }
}
