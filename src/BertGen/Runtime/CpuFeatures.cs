namespace BertGen.Runtime;

/// <summary>What the CPU offers that decides BertGen's defaults, read once from <c>/proc/cpuinfo</c> (Linux; empty elsewhere).</summary>
public static class CpuFeatures
{
    private static readonly Lazy<HashSet<string>> Flags = new(ReadFlags);

    /// <summary>The CPU's feature flags as Linux names them (<c>avx512f</c>, <c>avx512_bf16</c>, <c>amx_bf16</c>, ...).</summary>
    public static IReadOnlySet<string> All => Flags.Value;

    /// <summary>
    /// Whether the CPU has bfloat16 dot-product instructions (AVX-512 BF16 or AMX), where bfloat16 mixed
    /// precision is about twice as fast as float32; without them it is slower, so keep float32.
    /// </summary>
    public static bool HasBFloat16Instructions => Flags.Value.Overlaps(["avx512_bf16", "amx_bf16"]);

    private static HashSet<string> ReadFlags()
    {
        if (!File.Exists("/proc/cpuinfo"))
            return [];
        var line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("flags", StringComparison.Ordinal));
        return line?.Split(':', 2)[1].Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal) ?? [];
    }
}
