namespace BertGen.Data;

/// <summary>
/// Decides which examples form each batch. Length grouping (on by default) takes a shuffled order, sorts
/// each chunk of <see cref="ChunkBatches"/> batches by length so a batch holds texts of similar length,
/// then shuffles the order of the batches: with dynamic padding this removes most [PAD] tokens while
/// keeping batches random.
/// </summary>
public static class BatchPlanner
{
    /// <summary>How many batches' worth of examples are sorted together when grouping by length.</summary>
    public const int ChunkBatches = 50;

    public static List<int[]> Plan(IReadOnlyList<int> lengths, int batchSize, bool shuffle, bool groupByLength, Random random)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        var order = Enumerable.Range(0, lengths.Count).ToArray();
        if (shuffle)
            random.Shuffle(order);
        if (groupByLength)
        {
            int chunk = batchSize * ChunkBatches;
            for (int start = 0; start < order.Length; start += chunk)
            {
                // A stable sort keeps equal lengths in their (shuffled) order.
                var span = order.AsSpan(start, Math.Min(chunk, order.Length - start));
                var sorted = span.ToArray().OrderByDescending(i => lengths[i]).ToArray();
                sorted.CopyTo(span);
            }
        }
        var batches = order.Chunk(batchSize).ToList();
        if (groupByLength && shuffle)
            random.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(batches));
        return batches;
    }

    /// <summary>
    /// Batches for scoring: in file order, grouped by length within each chunk, so that little padding is computed
    /// and the same examples always form the same batches (the order does not change a score).
    /// </summary>
    public static List<int[]> ForScoring(IReadOnlyList<int> lengths, int batchSize) =>
        Plan(lengths, batchSize, shuffle: false, groupByLength: true, new Random(0));
}
