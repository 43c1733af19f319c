using System.Diagnostics;

namespace BertGen.Cli.Bench;

/// <summary>Times an action: warm-up runs first (one-off allocations, kernel selection), then the median of repeats.</summary>
internal static class Medians
{
    public static double Seconds(Action run, int warmups, int repeats)
    {
        for (int i = 0; i < warmups; i++)
            run();
        var seconds = new double[repeats];
        for (int i = 0; i < repeats; i++)
        {
            var clock = Stopwatch.StartNew();
            run();
            seconds[i] = clock.Elapsed.TotalSeconds;
        }
        Array.Sort(seconds);
        return repeats % 2 == 1 ? seconds[repeats / 2] : (seconds[repeats / 2 - 1] + seconds[repeats / 2]) / 2;
    }
}
