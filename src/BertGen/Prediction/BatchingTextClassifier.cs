namespace BertGen.Prediction;

/// <summary>
/// A <see cref="TextClassifier"/> for services: thread-safe, any number of callers at once, their texts
/// classified together in micro-batches (<see cref="MicroBatchingOptions"/>), with cancellation. The model is
/// loaded once; each result equals what <see cref="TextClassifier.Predict(string, string?)"/> gives for the
/// text alone (to float rounding: padding in a batch is masked out).
/// </summary>
public sealed class BatchingTextClassifier : IDisposable
{
    private readonly TextClassifier classifier;
    private readonly MicroBatcher<(string Text, string? Pair), TextPrediction> batcher;

    /// <summary>Takes ownership of <paramref name="classifier"/>: disposing this disposes it.</summary>
    public BatchingTextClassifier(TextClassifier classifier, MicroBatchingOptions? options = null, int maxTextLength = DefaultMaxTextLength)
    {
        if (maxTextLength < 1)
            throw new ArgumentException($"the longest text must be at least 1 character (got {maxTextLength})", nameof(maxTextLength));
        this.classifier = classifier;
        MaxTextLength = maxTextLength;
        Options = options ?? MicroBatchingOptions.Default;
        batcher = new MicroBatcher<(string, string?), TextPrediction>(Classify, Options, "classifier");
    }

    /// <summary>The default cap on a text's characters: ten times the longest IMDb review.</summary>
    public const int DefaultMaxTextLength = 140_000;

    /// <summary>Loads <paramref name="folder"/> as <see cref="TextClassifier.Load(string, TextClassifierOptions)"/> does and serves it.</summary>
    public static BatchingTextClassifier Load(string folder, TextClassifierOptions? options = null, MicroBatchingOptions? batching = null, int maxTextLength = DefaultMaxTextLength)
    {
        var classifier = TextClassifier.Load(folder, options ?? TextClassifierOptions.Default);
        try
        {
            return new BatchingTextClassifier(classifier, batching, maxTextLength);
        }
        catch
        {
            classifier.Dispose();
            throw;
        }
    }

    /// <summary>The classifier behind the batches: labels, precision, maximum length, preprocessing.</summary>
    public TextClassifier Classifier => classifier;

    public MicroBatchingOptions Options { get; }

    /// <summary>Texts longer than this many characters are refused (tokenizing them would hold a worker for nothing: the model reads at most <see cref="TextClassifier.MaxLength"/> tokens).</summary>
    public int MaxTextLength { get; }

    /// <summary>Requests waiting for a batch now.</summary>
    public int Queued => batcher.Queued;

    /// <summary>Batches run and texts classified so far.</summary>
    public (long Batches, long Texts) Served => batcher.Served;

    /// <summary>Classifies <paramref name="text"/> (with <paramref name="pair"/>, the second text of a sentence pair).</summary>
    /// <exception cref="ArgumentException">The text is null or longer than <see cref="MaxTextLength"/>.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellation"/> fired first.</exception>
    public Task<TextPrediction> PredictAsync(string text, string? pair = null, CancellationToken cancellation = default)
    {
        Check(text, "text");
        if (pair is not null)
            Check(pair, "pair");
        return batcher.Enqueue((text, pair), cancellation);
    }

    /// <summary>Classifies several texts; each joins the batches on its own, so they mix with other callers' texts.</summary>
    public async Task<IReadOnlyList<TextPrediction>> PredictAsync(IReadOnlyList<string> texts, IReadOnlyList<string>? pairs = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(texts);
        if (pairs is not null && pairs.Count != texts.Count)
            throw new ArgumentException($"{texts.Count} texts but {pairs.Count} pairs; give one pair per text");
        for (int i = 0; i < texts.Count; i++)
        {
            Check(texts[i], $"texts[{i}]");
            if (pairs is not null)
                Check(pairs[i], $"pairs[{i}]");
        }
        return await Task.WhenAll(texts.Select((text, i) => batcher.Enqueue((text, pairs?[i]), cancellation))).ConfigureAwait(false);
    }

    private void Check(string? text, string name)
    {
        if (text is null)
            throw new ArgumentException($"{name} is missing", name);
        if (text.Length > MaxTextLength)
            throw new ArgumentException($"{name} has {text.Length:N0} characters; at most {MaxTextLength:N0} are accepted (the model reads the first {classifier.MaxLength} tokens)", name);
    }

    private IReadOnlyList<TextPrediction> Classify(IReadOnlyList<(string Text, string? Pair)> batch)
    {
        // A batch mixes single texts and pairs only when callers do; each kind runs as its own forward pass.
        var results = new TextPrediction[batch.Count];
        foreach (var group in Enumerable.Range(0, batch.Count).GroupBy(i => batch[i].Pair is null))
        {
            var indices = group.ToList();
            var predictions = classifier.Predict(
                indices.Select(i => batch[i].Text).ToList(),
                group.Key ? null : indices.Select(i => batch[i].Pair!).ToList(),
                batchSize: Math.Max(indices.Count, 1));
            for (int k = 0; k < indices.Count; k++)
                results[indices[k]] = predictions[k];
        }
        return results;
    }

    /// <summary>Answers the requests already queued, then releases the model.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 1)
            return;
        batcher.Dispose();
        classifier.Dispose();
    }

    private int disposed;
}
