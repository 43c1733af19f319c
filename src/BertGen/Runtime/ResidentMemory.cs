using System.Diagnostics;

namespace BertGen.Runtime;

/// <summary>This process's resident memory: now, and its high-water mark (VmHWM on Linux).</summary>
public static class ResidentMemory
{
    public const double BytesPerMegabyte = 1024 * 1024;

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
