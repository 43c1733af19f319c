using System.Collections.Concurrent;
using BertGen.Prediction;

namespace BertGen.Tests.Prediction;

/// <summary>The micro-batcher behind the service predictors, with a stand-in model that records its batches.</summary>
public sealed class MicroBatcherTests
{
    private sealed class RecordingModel(TimeSpan work, Func<int, bool>? fails = null)
    {
        public ConcurrentQueue<int[]> Batches { get; } = new();

        public IReadOnlyList<string> Run(IReadOnlyList<int> batch)
        {
            Batches.Enqueue(batch.ToArray());
            Thread.Sleep(work);
            if (batch.Any(i => fails?.Invoke(i) ?? false))
                throw new InvalidOperationException($"batch of {batch.Count} failed");
            return batch.Select(i => $"result {i}").ToList();
        }
    }

    [Fact]
    public async Task Concurrent_requests_share_batches_no_larger_than_the_cap_and_get_their_own_results()
    {
        var model = new RecordingModel(TimeSpan.FromMilliseconds(20));
        using var batcher = new MicroBatcher<int, string>(model.Run, new MicroBatchingOptions { MaxBatchSize = 8 }, "test");

        var results = await Task.WhenAll(Enumerable.Range(0, 100).Select(i => Task.Run(() => batcher.Enqueue(i, CancellationToken.None))));

        Assert.Equal(Enumerable.Range(0, 100).Select(i => $"result {i}"), results);
        Assert.All(model.Batches, batch => Assert.InRange(batch.Length, 1, 8));
        Assert.Equal(100, model.Batches.Sum(b => b.Length));
        Assert.True(model.Batches.Count <= 50, $"100 concurrent requests ran in {model.Batches.Count} batches");
        Assert.Equal((model.Batches.Count, 100L), batcher.Served);
    }

    [Fact]
    public async Task A_batch_size_of_one_runs_each_request_alone()
    {
        var model = new RecordingModel(TimeSpan.FromMilliseconds(2));
        using var batcher = new MicroBatcher<int, string>(model.Run, new MicroBatchingOptions { MaxBatchSize = 1 }, "test");

        await Task.WhenAll(Enumerable.Range(0, 20).Select(i => batcher.Enqueue(i, CancellationToken.None)));

        Assert.Equal(20, model.Batches.Count);
    }

    [Fact]
    public async Task A_failed_batch_reaches_each_of_its_callers_and_the_worker_lives_on()
    {
        var model = new RecordingModel(TimeSpan.Zero, fails: i => i == 13);
        using var batcher = new MicroBatcher<int, string>(model.Run, new MicroBatchingOptions { MaxBatchSize = 1 }, "test");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => batcher.Enqueue(13, CancellationToken.None));
        var after = await batcher.Enqueue(14, CancellationToken.None);

        Assert.Contains("failed", error.Message);
        Assert.Equal("result 14", after);
    }

    [Fact]
    public async Task Cancelled_requests_are_answered_at_once_and_left_out_of_batches()
    {
        var model = new RecordingModel(TimeSpan.FromMilliseconds(300));
        using var batcher = new MicroBatcher<int, string>(model.Run, new MicroBatchingOptions { MaxBatchSize = 1 }, "test");
        var busy = batcher.Enqueue(1, CancellationToken.None);          // occupies the worker
        await Task.Delay(50);
        using var cancellation = new CancellationTokenSource();
        var waiting = batcher.Enqueue(2, cancellation.Token);

        cancellation.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => batcher.Enqueue(3, cancellation.Token));
        Assert.Equal("result 1", await busy);
        Assert.Equal("result 4", await batcher.Enqueue(4, CancellationToken.None));
        Assert.DoesNotContain(model.Batches, b => b.Contains(2) || b.Contains(3));
    }

    [Fact]
    public async Task Disposing_answers_what_is_queued_and_refuses_what_comes_after()
    {
        var model = new RecordingModel(TimeSpan.FromMilliseconds(20));
        var batcher = new MicroBatcher<int, string>(model.Run, new MicroBatchingOptions { MaxBatchSize = 2 }, "test");
        var queued = Enumerable.Range(0, 6).Select(i => batcher.Enqueue(i, CancellationToken.None)).ToList();

        batcher.Dispose();

        Assert.Equal(Enumerable.Range(0, 6).Select(i => $"result {i}"), await Task.WhenAll(queued));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => batcher.Enqueue(7, CancellationToken.None));
    }

    [Theory]
    [InlineData(0, 5, 1, 1)]
    [InlineData(8, -1, 1, 1)]
    [InlineData(8, 5, 0, 1)]
    [InlineData(8, 5, 1, 0)]
    public void Options_out_of_range_are_refused_by_name(int maxBatchSize, int delayMilliseconds, int capacity, int workers)
    {
        var options = new MicroBatchingOptions { MaxBatchSize = maxBatchSize, MaxBatchDelay = TimeSpan.FromMilliseconds(delayMilliseconds), QueueCapacity = capacity, Workers = workers };
        var error = Assert.Throws<ArgumentException>(() => new MicroBatcher<int, string>(_ => [], options, "test"));
        Assert.Matches("MaxBatchSize|MaxBatchDelay|QueueCapacity|Workers", error.Message);
    }
}
