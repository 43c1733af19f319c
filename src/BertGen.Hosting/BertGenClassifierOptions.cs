using System.ComponentModel.DataAnnotations;
using BertGen.Prediction;

namespace BertGen.Hosting;

/// <summary>
/// The served classifier's settings, bound from configuration (by default the section
/// <c>BertGen:Classifier</c>): where the model is, how it runs and how requests are batched.
/// </summary>
public sealed class BertGenClassifierOptions
{
    /// <summary>The configuration section <see cref="BertGenServiceCollectionExtensions.AddBertGenClassifier(Microsoft.Extensions.DependencyInjection.IServiceCollection, Microsoft.Extensions.Configuration.IConfiguration)"/> reads when given a whole configuration.</summary>
    public const string Section = "BertGen:Classifier";

    /// <summary>A model folder BertGen trained, or any Hugging Face BERT sequence classifier with vocab.txt, or a Hub model id.</summary>
    [Required(ErrorMessage = "BertGen:Classifier:ModelPath is required: the model folder to serve")]
    public string ModelPath { get; set; } = "";

    /// <summary>Auto: bfloat16 on CPUs with bfloat16 instructions (AVX-512 BF16, AMX), float32 elsewhere.</summary>
    public ServingPrecision Precision { get; set; } = ServingPrecision.Auto;

    /// <summary>Requests per forward pass at most; 1 turns micro-batching off.</summary>
    [Range(1, 4096)]
    public int MaxBatchSize { get; set; } = MicroBatchingOptions.Default.MaxBatchSize;

    /// <summary>How long, in milliseconds, a batch's first request may wait for others (the latency an idle service adds).</summary>
    [Range(0, 10_000)]
    public double MaxBatchDelayMilliseconds { get; set; } = MicroBatchingOptions.Default.MaxBatchDelay.TotalMilliseconds;

    /// <summary>Requests that may wait at once; more wait for room.</summary>
    [Range(1, 1_000_000)]
    public int QueueCapacity { get; set; } = MicroBatchingOptions.Default.QueueCapacity;

    /// <summary>Batches that run at once on the shared model (1 suits CPUs).</summary>
    [Range(1, 64)]
    public int Workers { get; set; } = MicroBatchingOptions.Default.Workers;

    /// <summary>Texts longer than this many characters are refused.</summary>
    [Range(1, int.MaxValue)]
    public int MaxTextLength { get; set; } = BatchingTextClassifier.DefaultMaxTextLength;

    /// <summary>Tokens a text is truncated to; when unset, the length the model folder records (at most its positions).</summary>
    [Range(3, 8192)]
    public int? MaxLength { get; set; }

    /// <summary>Whether texts are cleaned before tokenizing; when unset, as the model folder records.</summary>
    public bool? Clean { get; set; }

    /// <summary>Load the model when the host starts (a bad folder stops the start, with the reason) rather than on the first request.</summary>
    public bool LoadOnStart { get; set; } = true;
}

/// <summary>The precision a served model computes in.</summary>
public enum ServingPrecision
{
    /// <summary>BFloat16 where the CPU has bfloat16 instructions, else Float32.</summary>
    Auto,
    Float32,
    BFloat16,
}
