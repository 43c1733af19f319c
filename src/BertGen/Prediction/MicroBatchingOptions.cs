namespace BertGen.Prediction;

/// <summary>How a service predictor gathers concurrent requests into batches (see <see cref="BatchingTextClassifier"/>).</summary>
public sealed record MicroBatchingOptions
{
    public static MicroBatchingOptions Default { get; } = new();

    /// <summary>Requests per forward pass at most; 1 turns micro-batching off (each request runs alone).</summary>
    public int MaxBatchSize { get; init; } = 32;

    /// <summary>
    /// How long the first request of a batch may wait for others before the batch runs: the latency cap an idle
    /// service adds, and only after a batch of more than one (a lone caller is never kept waiting). Under load batches
    /// fill while the previous one runs.
    /// </summary>
    public TimeSpan MaxBatchDelay { get; init; } = TimeSpan.FromMilliseconds(5);

    /// <summary>Requests that may wait at once; callers beyond it wait for room (back-pressure, not an error).</summary>
    public int QueueCapacity { get; init; } = 1024;

    /// <summary>
    /// Batches that run at once, on one shared model. One uses every core through libtorch's own threads and is
    /// right for CPUs; more overlap tokenization with computing, or feed a GPU.
    /// </summary>
    public int Workers { get; init; } = 1;

    internal void Validate()
    {
        if (MaxBatchSize < 1)
            throw new ArgumentException($"MaxBatchSize must be at least 1 (got {MaxBatchSize})");
        if (MaxBatchDelay < TimeSpan.Zero || MaxBatchDelay > TimeSpan.FromSeconds(10))
            throw new ArgumentException($"MaxBatchDelay must be between 0 and 10 seconds (got {MaxBatchDelay})");
        if (QueueCapacity < 1)
            throw new ArgumentException($"QueueCapacity must be at least 1 (got {QueueCapacity})");
        if (Workers is < 1 or > 64)
            throw new ArgumentException($"Workers must be between 1 and 64 (got {Workers})");
    }
}
