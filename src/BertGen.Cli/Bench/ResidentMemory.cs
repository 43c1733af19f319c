using System.Diagnostics;

namespace BertGen.Cli.Bench;

/// <summary>This process's resident memory: now, and its high-water mark (VmHWM on Linux).</summary>
internal static class ResidentMemory
{
    public static double CurrentBytes()
    {
        using var process = Process.GetCurrentProcess();
        return process.WorkingSet64;
    }

    public static double PeakBytes()
    {
        using var process = Process.GetCurrentProcess();
        return process.PeakWorkingSet64;
    }
}
