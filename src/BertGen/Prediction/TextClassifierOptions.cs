using BertGen.Modeling;
using static TorchSharp.torch;

namespace BertGen.Prediction;

/// <summary>How <see cref="TextClassifier.Load(string, TextClassifierOptions)"/> sets up a classifier.</summary>
public sealed record TextClassifierOptions
{
    /// <summary>Where the model runs; CUDA when available when null (see <see cref="Runtime.ComputeDevices.Select"/>).</summary>
    public Device? Device { get; init; }

    /// <summary>
    /// Float32, or BFloat16: the encoder's dense layers get bfloat16 copies of their weights
    /// (<see cref="ReducedPrecisionInference.ConvertToBFloat16"/>), the rest stays float32, as under bfloat16 mixed-precision training.
    /// </summary>
    public ComputePrecision Precision { get; init; } = ComputePrecision.Float32;

    /// <summary>Texts per forward pass.</summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>Texts longer than this many tokens (with [CLS] and [SEP]) are truncated; when null, the model's positions, at most 512.</summary>
    public int? MaxLength { get; init; }

    /// <summary>
    /// Whether to clean texts (<see cref="Data.TextCleaning.Clean"/>) before the tokenizer; when null, as the folder's
    /// <c>bertgen_preprocessing.json</c> records, and not at all for a folder without one.
    /// </summary>
    public bool? Clean { get; init; }

    /// <summary>
    /// Multi-label models: the probability at or above which a class is predicted; when null, the threshold the
    /// folder's <c>bertgen_prediction.json</c> records (the one validation used in training), else 0.5.
    /// </summary>
    public double? Threshold { get; init; }

    public static TextClassifierOptions Default { get; } = new();
}
