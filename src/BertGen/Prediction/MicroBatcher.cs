using System.Threading.Channels;

namespace BertGen.Prediction;

/// <summary>
/// Gathers concurrent requests into batches for a model: a batch closes when it holds
/// <see cref="MicroBatchingOptions.MaxBatchSize"/> requests or <see cref="MicroBatchingOptions.MaxBatchDelay"/>
/// after its first request arrived, whichever comes first; while a batch runs, the next one fills. After a batch
/// of one, the next takes only what is queued, so a lone caller never waits for company that is not coming. Each worker
/// is a dedicated thread, because a forward pass blocks its thread for its whole length and must not hold
/// the thread pool that a web server answers requests on. A request cancelled before its batch starts is
/// left out of it.
/// </summary>
internal sealed class MicroBatcher<TRequest, TResult> : IDisposable
{
    private sealed record Pending(TRequest Request, TaskCompletionSource<TResult> Completion, CancellationToken Cancellation);

    private readonly Channel<Pending> queue;
    private readonly Func<IReadOnlyList<TRequest>, IReadOnlyList<TResult>> run;
    private readonly MicroBatchingOptions options;
    private readonly Thread[] workers;
    private long batches, requests;

    public MicroBatcher(Func<IReadOnlyList<TRequest>, IReadOnlyList<TResult>> run, MicroBatchingOptions options, string name)
    {
        options.Validate();
        this.run = run;
        this.options = options;
        queue = Channel.CreateBounded<Pending>(new BoundedChannelOptions(options.QueueCapacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = options.Workers == 1,
        });
        workers = Enumerable.Range(0, options.Workers)
            .Select(i => new Thread(Work) { IsBackground = true, Name = $"{name} batcher {i + 1}" })
            .ToArray();
        foreach (var worker in workers)
            worker.Start();
    }

    /// <summary>Requests waiting for a batch.</summary>
    public int Queued => queue.Reader.Count;

    /// <summary>Batches run and requests answered so far.</summary>
    public (long Batches, long Requests) Served => (Interlocked.Read(ref batches), Interlocked.Read(ref requests));

    /// <summary>
    /// The result for <paramref name="request"/>, computed in a batch with whatever else is waiting. Waits for
    /// room when <see cref="MicroBatchingOptions.QueueCapacity"/> requests are already queued.
    /// </summary>
    public async Task<TResult> Enqueue(TRequest request, CancellationToken cancellation)
    {
        cancellation.ThrowIfCancellationRequested();
        var completion = new TaskCompletionSource<TResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        try
        {
            await queue.Writer.WriteAsync(new Pending(request, completion, cancellation), cancellation).ConfigureAwait(false);
        }
        catch (ChannelClosedException)
        {
            throw new ObjectDisposedException(GetType().Name, "the predictor is shutting down");
        }
        using (cancellation.Register(() => completion.TrySetCanceled(cancellation)))
            return await completion.Task.ConfigureAwait(false);
    }

    private void Work()
    {
        var reader = queue.Reader;
        var batch = new List<Pending>(options.MaxBatchSize);
        int previousBatch = 0;
        while (reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
        {
            batch.Clear();
            var deadline = DateTime.UtcNow + options.MaxBatchDelay;
            // Waiting for company pays only when requests come together: after a batch of one (a single caller,
            // or a quiet service) the batch takes what is queued and runs at once.
            bool wait = previousBatch > 1;
            while (batch.Count < options.MaxBatchSize)
            {
                if (reader.TryRead(out var pending))
                {
                    if (!pending.Cancellation.IsCancellationRequested)
                        batch.Add(pending);
                    continue;
                }
                var remaining = deadline - DateTime.UtcNow;
                if (batch.Count == 0 || !wait || remaining <= TimeSpan.Zero || !WaitForMore(reader, remaining))
                    break;
            }
            if (batch.Count > 0)
            {
                Run(batch);
                previousBatch = batch.Count;
            }
        }
    }

    /// <summary>Waits up to <paramref name="remaining"/> for another request; false when none came or the queue closed.</summary>
    private static bool WaitForMore(ChannelReader<Pending> reader, TimeSpan remaining)
    {
        using var timeout = new CancellationTokenSource(remaining);
        try
        {
            return reader.WaitToReadAsync(timeout.Token).AsTask().GetAwaiter().GetResult();
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private void Run(List<Pending> batch)
    {
        try
        {
            var results = run(batch.Select(p => p.Request).ToList());
            for (int i = 0; i < batch.Count; i++)
                batch[i].Completion.TrySetResult(results[i]);
            Interlocked.Increment(ref batches);
            Interlocked.Add(ref requests, batch.Count);
        }
        catch (Exception e)
        {
            // The worker lives on; every caller of the failed batch hears why.
            foreach (var pending in batch)
                pending.Completion.TrySetException(e);
        }
    }

    /// <summary>Stops taking requests, answers those queued, and waits for the workers.</summary>
    public void Dispose()
    {
        queue.Writer.TryComplete();
        foreach (var worker in workers)
            worker.Join();
    }
}
