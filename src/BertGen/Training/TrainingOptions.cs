using BertGen.Tokenization;

namespace BertGen.Training;

/// <summary>
/// The settings of a training run, whatever the task (Hugging Face's <c>TrainingArguments</c>): optimisation,
/// schedule, batching, precision, seed, checkpoints and the best-epoch rule. The defaults are the BERT authors'
/// fine-tuning recipe as the tutorial uses it (SPEC §4), with its mistakes fixed: learning rate 2e-5 (the
/// tutorial builds AdamW with PyTorch's default 1e-3, at which BERT fine-tuning diverges), weight decay on
/// weights only, dynamic padding with length-grouped batches instead of padding every review to 512.
/// Pretraining starts from <see cref="Pretraining.PretrainingOptions.DefaultTraining"/>.
/// </summary>
public sealed record TrainingOptions
{
    /// <summary>Peak learning rate of AdamW; 2e-5 to 5e-5 is the usual range for BERT.</summary>
    public double LearningRate { get; init; } = 2e-5;

    /// <summary>Decoupled weight decay, applied to weight matrices only (not biases or LayerNorm).</summary>
    public double WeightDecay { get; init; } = 0.01;

    /// <summary>Fraction of the optimizer steps spent warming the learning rate up from 0 (the tutorial: 0).</summary>
    public double WarmupRatio { get; init; }

    public int Epochs { get; init; } = 2;

    public int BatchSize { get; init; } = 16;

    /// <summary>Batches whose gradients are summed before each optimizer step (effective batch = BatchSize × this).</summary>
    public int GradientAccumulationSteps { get; init; } = 1;

    /// <summary>Gradients are clipped to this global norm before each step.</summary>
    public double MaxGradNorm { get; init; } = 1.0;

    /// <summary>Train only the classification head (and pooler-free head weights), keeping the encoder fixed.</summary>
    public bool FreezeEncoder { get; init; }

    /// <summary>Drives initialisation (by the caller), data order and dropout: the same seed gives the same run.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>Longest encoding in tokens; longer texts are truncated.</summary>
    public int MaxLength { get; init; } = 512;

    public Padding Padding { get; init; } = Padding.Longest;

    /// <summary>
    /// Round each batch's padded length up to a multiple of this (Hugging Face's <c>pad_to_multiple_of</c>; 1: no
    /// rounding). Why 8: on CPU oneDNN compiles and caches a kernel for every matrix shape, and dynamic padding
    /// alone makes one per batch length. Rounding to 8 cut BERT-Tiny's bfloat16 peak memory on IMDb from 1,949 MiB
    /// to 1,062-1,155 MiB at the same or better speed, for 1.1% more tokens (README, Performance).
    /// </summary>
    public int PadToMultipleOf { get; init; } = 8;

    /// <summary>Group texts of similar length into batches (see <see cref="Data.BatchPlanner"/>).</summary>
    public bool GroupByLength { get; init; } = true;

    /// <summary>
    /// Float32, or bfloat16 mixed precision (<see cref="Modeling.MixedPrecision"/>): on CPUs with bfloat16
    /// instructions (AVX-512 BF16, AMX) and on recent GPUs about twice the throughput, with float32 master weights.
    /// </summary>
    public Modeling.ComputePrecision Precision { get; init; } = Modeling.ComputePrecision.Float32;

    /// <summary>
    /// What the training texts went through before the tokenizer (for example <see cref="Data.TextPreprocessing.Cleaning"/>
    /// when they were read with <see cref="Data.TextDataOptions.Clean"/>), recorded in every saved model folder so that
    /// prediction repeats it. When null nothing is recorded, and prediction gives texts to the tokenizer unchanged.
    /// </summary>
    public Data.TextPreprocessing? Preprocessing { get; init; }

    /// <summary>
    /// The figure that picks the best epoch and drives early stopping (Hugging Face's <c>metric_for_best_model</c>),
    /// by its name in metrics.csv (<c>val_accuracy</c>, <c>macro_f1</c>, <c>val_loss</c>...; <c>accuracy</c> will
    /// do for <c>val_accuracy</c>); lower is better for names ending in "loss". Null: the task's default.
    /// </summary>
    public string? BestMetric { get; init; }

    /// <summary>Stop after this many epochs without improvement of <see cref="BestMetric"/>; never when null.</summary>
    public int? EarlyStoppingPatience { get; init; }

    /// <summary>Continue from the last epoch checkpoint in the output folder.</summary>
    public bool Resume { get; init; }

    public void Validate()
    {
        void Check(bool ok, string message)
        {
            if (!ok) throw new ArgumentException(message);
        }
        Check(LearningRate > 0, $"the learning rate must be positive (got {LearningRate})");
        Check(WeightDecay >= 0, $"the weight decay must not be negative (got {WeightDecay})");
        Check(WarmupRatio is >= 0 and < 1, $"the warm-up ratio must be in [0, 1) (got {WarmupRatio})");
        Check(Epochs >= 1, $"epochs must be at least 1 (got {Epochs})");
        Check(BatchSize >= 1, $"the batch size must be at least 1 (got {BatchSize})");
        Check(GradientAccumulationSteps >= 1, $"gradient accumulation steps must be at least 1 (got {GradientAccumulationSteps})");
        Check(MaxGradNorm > 0, $"the gradient clipping norm must be positive (got {MaxGradNorm})");
        Check(PadToMultipleOf >= 1, $"the padding multiple must be at least 1 (got {PadToMultipleOf})");
        Check(MaxLength >= 3, $"the maximum length must leave room for [CLS], a token and [SEP] (got {MaxLength})");
        Check(EarlyStoppingPatience is null or >= 1, $"early-stopping patience must be at least 1 (got {EarlyStoppingPatience})");
    }
}
