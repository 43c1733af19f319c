using System.Globalization;
using TorchSharp;

namespace BertGen.Runtime;

/// <summary>
/// How many threads libtorch and BertGen's own kernels use. By default: the CPUs this process may use (its
/// affinity mask and cgroup CPU quota, as <see cref="Environment.ProcessorCount"/> counts them), less the CPU
/// time other processes are taking, measured about once a second from <c>/proc/stat</c> on Linux. On a shared
/// machine this is what keeps throughput: libtorch's OpenMP threads meet at a barrier after every operator, and
/// when another process holds one of their cores, the others spin there until the scheduler gives it back; with
/// one thread per free core nobody waits. <see cref="SetFixed"/> (<c>--threads</c>, <c>BERTGEN_THREADS</c>) fixes
/// the count instead.
/// </summary>
/// <remarks>
/// libtorch keeps its thread count per calling thread (OpenMP's <c>nthreads-var</c>), so every thread that runs
/// a model calls <see cref="Tick"/> between its batches; the measurement is shared.
/// </remarks>
public static class CpuThreads
{
    private const string EnvironmentVariable = "BERTGEN_THREADS";
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(1);
    private static readonly object Gate = new();
    private static int? fixedThreads;
    private static bool environmentRead;
    private static int desired = Budget;
    private static ContentionSample? last;

    [ThreadStatic]
    private static int applied;

    /// <summary>The most threads this process may use: its affinity mask and CPU quota.</summary>
    public static int Budget => Environment.ProcessorCount;

    /// <summary>The fixed thread count, or null when the count follows the machine's load.</summary>
    public static int? Fixed => fixedThreads;

    /// <summary>Fixes the thread count (and stops following the load), for this thread at once and for others at their next <see cref="Tick"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Fewer than 1 or more than 1,024 threads.</exception>
    public static void SetFixed(int threads)
    {
        if (threads is < 1 or > 1024)
            throw new ArgumentOutOfRangeException(nameof(threads), threads, "the thread count must be between 1 and 1,024");
        environmentRead = true;
        fixedThreads = threads;
        Apply(threads);
    }

    /// <summary>Follows the machine's load again (the default).</summary>
    public static void Adapt()
    {
        environmentRead = true;
        fixedThreads = null;
    }

    /// <summary>
    /// Called by a compute thread between batches: re-measures the other processes' load when a second has
    /// passed and sets this thread's libtorch thread count to what is free.
    /// </summary>
    public static void Tick()
    {
        ReadEnvironment();
        if (fixedThreads is { } fixedCount)
        {
            Apply(fixedCount);
            return;
        }
        Measure();
        Apply(Volatile.Read(ref desired));
    }

    private static void Apply(int threads)
    {
        if (applied == threads)
            return;
        torch.set_num_threads(threads);
        applied = threads;
    }

    private static void Measure()
    {
        // A CPU quota is this process's own share: other tenants do not take from it, so there is nothing to follow.
        if (!OperatingSystem.IsLinux() || Budget < ContentionSample.AllowedCpus.Count)
            return;
        // Most batches are well under a second: they only read the clock.
        if (last is { } previous && ContentionSample.Now - previous.Time < Window)
            return;
        lock (Gate)
        {
            var now = ContentionSample.Take();
            if (now is null)
                return;
            if (last is null)
            {
                last = now;
                return;
            }
            if (now.Time - last.Time < Window)
                return;
            var others = now.OthersBusyCores(last);
            last = now;
            Volatile.Write(ref desired, ThreadsFor(Budget, others));
        }
    }

    /// <summary>
    /// The threads to use when other processes keep <paramref name="othersBusyCores"/> of the
    /// <paramref name="budget"/> cores busy: the free cores rounded to the nearest whole core, at least one. A
    /// competing job takes a whole core (a second training process, or one spinning at its barriers), while
    /// background work (the kernel, a shell, a log shipper) takes a fraction and must not take a thread away.
    /// </summary>
    internal static int ThreadsFor(int budget, double othersBusyCores) =>
        Math.Clamp((int)Math.Floor(budget - othersBusyCores + 0.5), 1, budget);

    /// <summary>Reads <c>BERTGEN_THREADS</c> once (unless code chose first); a value that is not a count is an error naming it.</summary>
    public static void ReadEnvironment()
    {
        if (environmentRead)
            return;
        var text = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(text))
        {
            if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int threads) || threads is < 1 or > 1024)
                throw new ArgumentException($"{EnvironmentVariable}='{text}' is not a thread count from 1 to 1,024");
            fixedThreads = threads;
        }
        environmentRead = true;
    }
}
