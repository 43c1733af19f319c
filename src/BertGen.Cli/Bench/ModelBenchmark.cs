using System.Diagnostics;
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
/// <para>
/// The candidates of one size, shape and mode are measured in alternation, one timed run of each per round,
/// so that drift of the machine (other load, the allocator's heap, turbo) affects them alike; a figure is
/// the median of its rounds.
/// </para>
/// </summary>
internal static class ModelBenchmark
{
    private const int Vocabulary = 30522;

    public static void Run(ModelBenchSettings settings, BenchReport report)
    {
        var rows = new List<IReadOnlyList<string>>();
        foreach (var size in settings.Sizes)
        foreach (var (batch, length) in settings.Shapes)
        foreach (var mode in settings.Modes)
        {
            var candidates = new List<Candidate>();
            try
            {
                foreach (var precision in settings.Precisions)
                {
                    candidates.Add(Candidate.Create(size, batch, length, mode, "generated", precision));
                    if (settings.HandWritten && (precision == ComputePrecision.Float32 || mode == "infer"))
                        candidates.Add(Candidate.Create(size, batch, length, mode, "hand-written", precision));
                }
                foreach (var (candidate, seconds) in MeasureInRounds(candidates, settings))
                {
                    double tokensPerSecond = (double)batch * length * candidate.StepsPerRun / seconds;
                    double milliseconds = 1000 * seconds / candidate.StepsPerRun;
                    var config = new Dictionary<string, object>
                    {
                        ["size"] = size, ["batch"] = batch, ["sequence"] = length, ["mode"] = mode,
                        ["precision"] = candidate.Precision.ToString(), ["implementation"] = candidate.Implementation, ["threads"] = settings.Threads,
                    };
                    report.Add($"{mode}_tokens_per_second", "tokens/s", tokensPerSecond, config);
                    report.Add($"{mode}_milliseconds_per_step", "ms", milliseconds, config);
                    rows.Add([size, $"({batch},{length})", mode, candidate.Precision.ToString(), candidate.Implementation,
                        BenchReport.Number(tokensPerSecond), BenchReport.Number(milliseconds)]);
                    Console.WriteLine($"  {string.Join("  ", rows[^1])}");
                }
            }
            finally
            {
                candidates.ForEach(c => c.Dispose());
            }
        }
        BenchReport.PrintTable("Model throughput (medians, candidates measured in alternation)", ["size", "(batch,seq)", "mode", "precision", "implementation", "tokens/s", "ms/step"], rows);
    }

    private static List<(Candidate Candidate, double Seconds)> MeasureInRounds(List<Candidate> candidates, ModelBenchSettings settings)
    {
        foreach (var candidate in candidates)
        {
            // Warm-up (kernel selection, first allocations); the last one sizes the timed runs to MinSeconds.
            double seconds = 0;
            for (int i = 0; i < Math.Max(1, settings.Warmups); i++)
                seconds = Time(candidate.Step, 1);
            candidate.StepsPerRun = Math.Max(1, (int)Math.Ceiling(settings.MinSeconds / seconds));
        }
        var rounds = candidates.Select(_ => new List<double>()).ToList();
        for (int round = 0; round < settings.Repeats; round++)
            for (int c = 0; c < candidates.Count; c++)
                rounds[c].Add(Time(candidates[c].Step, candidates[c].StepsPerRun));
        return candidates.Select((c, i) => (c, Median(rounds[i]))).ToList();
    }

    private static double Time(Action step, int steps)
    {
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < steps; i++)
            step();
        return clock.Elapsed.TotalSeconds;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        int middle = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /// <summary>One model, its inputs and its step, ready to time.</summary>
    internal sealed class Candidate : IDisposable
    {
        private readonly List<IDisposable> _owned = [];

        public required string Implementation { get; init; }
        public required ComputePrecision Precision { get; init; }
        public Action Step { get; private set; } = () => { };
        public int StepsPerRun { get; set; } = 1;

        public static Candidate Create(string size, int batch, int length, string mode, string implementation, ComputePrecision precision)
        {
            var candidate = new Candidate { Implementation = implementation, Precision = precision };
            manual_seed(0);
            var config = BertSizes.Config(size, Vocabulary) with { NumLabels = 2 };
            var ids = candidate.Own(randint(1000, Vocabulary, [batch, length], dtype: ScalarType.Int64));
            var mask = candidate.Own(ones([batch, length], dtype: ScalarType.Int64));
            var labels = candidate.Own(randint(0, 2, [batch], dtype: ScalarType.Int64));
            if (implementation == "generated")
            {
                var model = candidate.Own(BertForSequenceClassification.Create(config));
                var inputs = new BertInputs(ids, mask);
                if (mode == "train")
                    candidate.Step = candidate.TrainStep(model, () => model.Forward(inputs, labels).Loss!, precision);
                else
                {
                    if (precision == ComputePrecision.BFloat16)
                        ReducedPrecisionInference.ConvertToBFloat16(model);
                    candidate.Step = InferenceStep(model, () => model.Forward(inputs).Logits);
                }
            }
            else
            {
                var model = candidate.Own(new HandWrittenBert(Vocabulary, config.NumHiddenLayers, config.HiddenSize, config.NumAttentionHeads, 2));
                if (mode == "train")
                    candidate.Step = candidate.TrainStep(model, () => nn.functional.cross_entropy(model.forward(ids, mask), labels), ComputePrecision.Float32);
                else
                {
                    if (precision == ComputePrecision.BFloat16)
                        model.to(ScalarType.BFloat16);
                    candidate.Step = InferenceStep(model, () => model.forward(ids, mask));
                }
            }
            return candidate;
        }

        private T Own<T>(T disposable) where T : IDisposable
        {
            _owned.Add(disposable);
            return disposable;
        }

        private Action TrainStep(nn.Module model, Func<Tensor> loss, ComputePrecision precision)
        {
            model.train();
            var optimizer = Own(ParameterGroups.CreateOptimizer(model, 2e-5, 0.01));
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

        public void Dispose()
        {
            foreach (var owned in Enumerable.Reverse(_owned))
                owned.Dispose();
        }
    }
}
