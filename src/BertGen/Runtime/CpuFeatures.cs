namespace BertGen.Runtime;

/// <summary>What the CPU is and offers, read once from <c>/proc/cpuinfo</c> (Linux; empty elsewhere).</summary>
public static class CpuFeatures
{
    private static readonly Lazy<string[]> CpuInfo = new(() => File.Exists("/proc/cpuinfo") ? File.ReadAllLines("/proc/cpuinfo") : []);
    private static readonly Lazy<HashSet<string>> Flags = new(() =>
        Field("flags")?.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal) ?? []);

    /// <summary>The CPU's model name (<c>AMD EPYC</c>, ...), or null where <c>/proc/cpuinfo</c> does not say.</summary>
    public static string? ModelName => Field("model name");

    /// <summary>The CPU's feature flags as Linux names them (<c>avx512f</c>, <c>avx512_bf16</c>, <c>amx_bf16</c>, ...).</summary>
    public static IReadOnlySet<string> All => Flags.Value;

    /// <summary>
    /// Whether the CPU has bfloat16 dot-product instructions (AVX-512 BF16 or AMX), where bfloat16 mixed
    /// precision is about twice as fast as float32; without them it is slower, so keep float32.
    /// </summary>
    public static bool HasBFloat16Instructions => Flags.Value.Overlaps(["avx512_bf16", "amx_bf16"]);

    /// <summary>The first core's value of <paramref name="name"/>.</summary>
    private static string? Field(string name) =>
        CpuInfo.Value.FirstOrDefault(l => l.StartsWith(name, StringComparison.Ordinal) && l.AsSpan(name.Length).TrimStart().StartsWith(":"))?.Split(':', 2)[1].Trim();
}
