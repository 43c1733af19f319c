using System.CommandLine;
using BertGen.Modeling;
using BertGen.Training;

namespace BertGen.Cli;

/// <summary>
/// The options of <see cref="TrainingOptions"/> that every training command shares, declared once; each command
/// gives its own defaults (fine-tuning's or pretraining's) and adds what only its task has.
/// </summary>
internal sealed class TrainingCliOptions(TrainingOptions defaults)
{
    public Option<int> Epochs { get; } = new("--epochs") { Description = "Passes over the training data (fine-tuning: the BERT authors recommend 2 to 4)", DefaultValueFactory = _ => defaults.Epochs };
    public Option<int> BatchSize { get; } = new("--batch-size") { Description = "Examples per batch", DefaultValueFactory = _ => defaults.BatchSize };
    public Option<double> LearningRate { get; } = new("--learning-rate")
    {
        Description = "Peak AdamW learning rate. 2e-5 to 5e-5 fine-tunes pretrained BERT; the tutorial's 1e-3 makes it diverge (models trained from scratch may want 1e-4 or more)",
        DefaultValueFactory = _ => defaults.LearningRate,
    };
    public Option<double> WeightDecay { get; } = new("--weight-decay") { Description = "Decoupled weight decay on weight matrices (not biases or LayerNorm)", DefaultValueFactory = _ => defaults.WeightDecay };
    public Option<double> Warmup { get; } = new("--warmup-ratio") { Description = "Fraction of steps for linear warm-up before the linear decay to 0", DefaultValueFactory = _ => defaults.WarmupRatio };
    public Option<int> Accumulation { get; } = new("--gradient-accumulation") { Description = "Batches per optimizer step", DefaultValueFactory = _ => defaults.GradientAccumulationSteps };
    public Option<double> MaxGradNorm { get; } = new("--max-grad-norm") { Description = "Clip the gradient norm to this before each step", DefaultValueFactory = _ => defaults.MaxGradNorm };
    public Option<int> MaxLength { get; } = new("--max-length") { Description = "Longest sequence in tokens; longer texts are truncated (question answering: the window length, 384 unless given)", DefaultValueFactory = _ => defaults.MaxLength };
    public Option<int> PadToMultipleOf { get; } = new("--pad-to-multiple-of")
    {
        Description = "Round each batch's padded length up to a multiple of this (1: no rounding): fewer shapes for the CPU's matrix library to compile and keep kernels for",
        DefaultValueFactory = _ => defaults.PadToMultipleOf,
    };
    public Option<bool> NoLengthGrouping { get; } = new("--no-length-grouping") { Description = "Do not group texts of similar length into batches" };
    public Option<string?> BestMetric { get; } = new("--best-metric")
    {
        Description = "The metrics.csv figure that selects the best epoch and drives early stopping (lower is better for losses): val_accuracy, macro_f1, val_loss... (default: the task's first)",
    };
    public Option<int?> EarlyStopping { get; } = new("--early-stopping") { Description = "Stop after this many epochs without improvement" };
    public Option<int> Seed { get; } = new("--seed") { Description = "Seed for initialisation, data order, dropout and masking", DefaultValueFactory = _ => defaults.Seed };
    public Option<bool> Resume { get; } = new("--resume") { Description = "Continue from the last completed epoch in --output" };
    public Option<string?> Device { get; } = new("--device") { Description = "cpu, cuda or cuda:N (default: CUDA when available)" };
    public Option<ComputePrecision> Precision { get; } = new("--precision")
    {
        Description = "Float32, or BFloat16: mixed precision with float32 master weights, about twice as fast on CPUs with bfloat16 instructions (AVX-512 BF16, AMX) and recent GPUs",
        DefaultValueFactory = _ => defaults.Precision,
    };

    public void AddTo(Command command)
    {
        foreach (Option option in (Option[])[Epochs, BatchSize, LearningRate, WeightDecay, Warmup, Accumulation, MaxGradNorm, MaxLength, PadToMultipleOf, NoLengthGrouping,
                     BestMetric, EarlyStopping, Seed, Resume, Device, Precision])
            command.Options.Add(option);
    }

    /// <summary>The options as given, over <paramref name="start"/> (the command's defaults and its task's own settings).</summary>
    public TrainingOptions Read(ParseResult result, TrainingOptions start) => start with
    {
        Epochs = result.GetValue(Epochs),
        BatchSize = result.GetValue(BatchSize),
        LearningRate = result.GetValue(LearningRate),
        WeightDecay = result.GetValue(WeightDecay),
        WarmupRatio = result.GetValue(Warmup),
        GradientAccumulationSteps = result.GetValue(Accumulation),
        MaxGradNorm = result.GetValue(MaxGradNorm),
        // Not given, the task's own length stands (question answering's windows are 384 tokens, as run_qa's).
        MaxLength = result.GetResult(MaxLength) is { Implicit: false } ? result.GetValue(MaxLength) : start.MaxLength,
        PadToMultipleOf = result.GetValue(PadToMultipleOf),
        GroupByLength = !result.GetValue(NoLengthGrouping),
        BestMetric = result.GetValue(BestMetric),
        EarlyStoppingPatience = result.GetValue(EarlyStopping),
        Seed = result.GetValue(Seed),
        Resume = result.GetValue(Resume),
        Precision = result.GetValue(Precision),
    };

    public TorchSharp.torch.Device ReadDevice(ParseResult result) => Runtime.ComputeDevices.Select(result.GetValue(Device));
}
