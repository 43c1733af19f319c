using BertGen.Modeling;
using BertGen.Prediction;
using BertGen.Runtime;
using Microsoft.Extensions.Options;

namespace BertGen.Hosting;

/// <summary>
/// Loads the configured classifier once, on first use or when the host starts, and keeps the outcome: the
/// classifier, or the error that stopped it, which the health check reports without loading again.
/// </summary>
public sealed class ServedClassifier : IDisposable
{
    private readonly Lazy<BatchingTextClassifier> classifier;
    private volatile bool tried;

    public ServedClassifier(IOptions<BertGenClassifierOptions> options)
    {
        Options = options.Value;
        classifier = new Lazy<BatchingTextClassifier>(() =>
        {
            try
            {
                return Load(Options);
            }
            finally
            {
                tried = true;
            }
        }, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public BertGenClassifierOptions Options { get; }

    /// <summary>The loaded classifier; loads it on first use, and throws the load's error on every use after a failure.</summary>
    public BatchingTextClassifier Classifier => classifier.Value;

    /// <summary>
    /// Whether a load was tried and finished, successfully or not. (<see cref="Lazy{T}.IsValueCreated"/> stays false
    /// after a failed load, which would leave the health check saying "not loaded yet" forever.)
    /// </summary>
    public bool IsLoaded => tried;

    /// <summary>The precision <paramref name="precision"/> comes to on this machine.</summary>
    public static ComputePrecision Resolve(ServingPrecision precision) => precision switch
    {
        ServingPrecision.Float32 => ComputePrecision.Float32,
        ServingPrecision.BFloat16 => ComputePrecision.BFloat16,
        _ => CpuFeatures.HasBFloat16Instructions ? ComputePrecision.BFloat16 : ComputePrecision.Float32,
    };

    private static BatchingTextClassifier Load(BertGenClassifierOptions options) =>
        BatchingTextClassifier.Load(
            options.ModelPath,
            new TextClassifierOptions { Precision = Resolve(options.Precision), MaxLength = options.MaxLength, Clean = options.Clean },
            new MicroBatchingOptions
            {
                MaxBatchSize = options.MaxBatchSize,
                MaxBatchDelay = TimeSpan.FromMilliseconds(options.MaxBatchDelayMilliseconds),
                QueueCapacity = options.QueueCapacity,
                Workers = options.Workers,
            },
            options.MaxTextLength);

    public void Dispose()
    {
        if (classifier.IsValueCreated)
            classifier.Value.Dispose();
    }
}
