namespace BertGen.Runtime;

/// <summary>
/// Splits <c>count</c> elements into fixed chunks of 65,536 and runs them on up to <c>threads</c> cores, or inline
/// when one chunk or one thread is all there is: the work split of BertGen's hand-written kernels. Chunks start
/// at multiples of 65,536, so kernels may rely on that alignment (a multiple of any vector width).
/// </summary>
internal static class ParallelChunks
{
    public const long ChunkElements = 1 << 16;

    public static void For(long count, int threads, Action<long, long> run)
    {
        long chunks = (count + ChunkElements - 1) / ChunkElements;
        if (threads <= 1 || chunks <= 1)
        {
            run(0, count);
            return;
        }
        Parallel.For(0L, chunks, new ParallelOptions { MaxDegreeOfParallelism = threads },
            chunk => run(chunk * ChunkElements, Math.Min(count, (chunk + 1) * ChunkElements)));
    }
}
