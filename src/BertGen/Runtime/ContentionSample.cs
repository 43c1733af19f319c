using System.Globalization;

namespace BertGen.Runtime;

/// <summary>
/// A reading of how busy the CPUs this process may run on are (<c>/proc/stat</c>, per CPU) and how much of that
/// is this process (<see cref="Environment.CpuUsage"/>); two readings give the cores other processes kept busy
/// between them.
/// </summary>
internal sealed record ContentionSample(TimeSpan Time, double BusySeconds, double OwnSeconds)
{
    // /proc/stat counts in USER_HZ ticks, 100 per second on every Linux ABI .NET runs on.
    private const double TicksPerSecond = 100;
    private static readonly System.Diagnostics.Stopwatch Clock = System.Diagnostics.Stopwatch.StartNew();
    private static readonly Lazy<IReadOnlySet<int>> Allowed = new(ReadAllowedCpus);

    /// <summary>The clock readings are taken on.</summary>
    public static TimeSpan Now => Clock.Elapsed;

    /// <summary>The CPUs in this process's affinity mask (<c>Cpus_allowed_list</c>).</summary>
    public static IReadOnlySet<int> AllowedCpus => Allowed.Value;

    /// <summary>Cores that processes other than this one kept busy, on average, since <paramref name="earlier"/>.</summary>
    public double OthersBusyCores(ContentionSample earlier)
    {
        var seconds = (Time - earlier.Time).TotalSeconds;
        if (seconds <= 0)
            return 0;
        return Math.Max(0, (BusySeconds - earlier.BusySeconds) - (OwnSeconds - earlier.OwnSeconds)) / seconds;
    }

    /// <summary>A reading now, or null where <c>/proc/stat</c> cannot be read.</summary>
    public static ContentionSample? Take()
    {
        try
        {
            double busyTicks = 0;
            foreach (var line in File.ReadLines("/proc/stat"))
            {
                if (!line.StartsWith("cpu", StringComparison.Ordinal) || line.Length < 4 || !char.IsDigit(line[3]))
                    continue;
                var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (!int.TryParse(fields[0].AsSpan(3), NumberStyles.None, CultureInfo.InvariantCulture, out int cpu) || !AllowedCpus.Contains(cpu))
                    continue;
                // user nice system idle iowait irq softirq steal: busy is all but idle and iowait.
                for (int i = 1; i < Math.Min(fields.Length, 9); i++)
                {
                    if (i is 4 or 5)
                        continue;
                    busyTicks += double.Parse(fields[i], CultureInfo.InvariantCulture);
                }
            }
            return new ContentionSample(Clock.Elapsed, busyTicks / TicksPerSecond, Environment.CpuUsage.TotalTime.TotalSeconds);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            return null;
        }
    }

    private static IReadOnlySet<int> ReadAllowedCpus()
    {
        var cpus = new HashSet<int>();
        try
        {
            var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("Cpus_allowed_list:", StringComparison.Ordinal));
            foreach (var range in (line?["Cpus_allowed_list:".Length..] ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var ends = range.Split('-');
                int first = int.Parse(ends[0], CultureInfo.InvariantCulture), last = int.Parse(ends[^1], CultureInfo.InvariantCulture);
                for (int cpu = first; cpu <= last; cpu++)
                    cpus.Add(cpu);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
        }
        // Unknown: every CPU the runtime counts.
        return cpus.Count > 0 ? cpus : Enumerable.Range(0, Environment.ProcessorCount).ToHashSet();
    }
}
