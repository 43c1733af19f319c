using System.Reflection;
using System.Text;

namespace BertGen.Tests.Build;

/// <summary>The build-time edit that lets TorchSharp load where libstdc++ lacks GLIBCXX_3.4.32.</summary>
public class LibTorchSharpPatchTests
{
    private const string NativeFolder = "runtimes/linux-x64/native";

    private static string PackageCopy()
    {
        var root = typeof(LibTorchSharpPatchTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "NuGetPackageRoot").Value!;
        return Path.Combine(root, "torchsharp", "0.107.0", NativeFolder, "libLibTorchSharp.so");
    }

    private static string OutputCopy() => Path.Combine(AppContext.BaseDirectory, NativeFolder, "libLibTorchSharp.so");

    private static bool SystemHasGlibcxx3432()
    {
        var lib = new[] { "/lib/x86_64-linux-gnu/libstdc++.so.6", "/usr/lib/x86_64-linux-gnu/libstdc++.so.6", "/usr/lib64/libstdc++.so.6" }
            .FirstOrDefault(File.Exists);
        return lib == null || File.ReadAllBytes(lib).AsSpan().IndexOf("GLIBCXX_3.4.32\0"u8) >= 0;
    }

    [SkippableFact]
    public void Patch_rebinds_only_the_one_symbol_and_is_idempotent()
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "TorchSharp's Linux library is only restored on Linux.");
        var original = File.ReadAllBytes(PackageCopy());
        var patched = (byte[])original.Clone();

        Assert.True(PatchLibTorchSharpForOldLibstdcxx.Patch(patched));

        Assert.Equal(original.Length, patched.Length);
        var changedBytes = original.Zip(patched).Count(p => p.First != p.Second);
        // 1 flag byte + 1 version byte + at most the 28 bytes of the symbol name.
        Assert.InRange(changedBytes, 3, 30);
        // The dynamic string table's copy of the name is replaced (a symbol table for debuggers may keep another).
        Assert.Equal(Occurrences(original, "_ZSt21ios_base_library_initv\0"u8) - 1, Occurrences(patched, "_ZSt21ios_base_library_initv\0"u8));
        Assert.Equal(Occurrences(original, "sched_yield\0"u8) + 1, Occurrences(patched, "sched_yield\0"u8));

        var again = (byte[])patched.Clone();
        Assert.False(PatchLibTorchSharpForOldLibstdcxx.Patch(again));
        Assert.Equal(patched, again);
    }

    [SkippableFact]
    public void Build_output_is_patched_exactly_when_needed_and_the_package_cache_never_is()
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "TorchSharp's Linux library is only restored on Linux.");
        var package = File.ReadAllBytes(PackageCopy());
        var output = File.ReadAllBytes(OutputCopy());

        Assert.True(PatchLibTorchSharpForOldLibstdcxx.Patch((byte[])package.Clone()), "the NuGet cache copy must stay unpatched");
        if (SystemHasGlibcxx3432())
            Assert.Equal(package, output);
        else
            Assert.False(PatchLibTorchSharpForOldLibstdcxx.Patch((byte[])output.Clone()), "the build output copy must already be patched");
    }

    private static int Occurrences(byte[] haystack, ReadOnlySpan<byte> needle)
    {
        int count = 0;
        for (var rest = haystack.AsSpan(); rest.IndexOf(needle) is var at and >= 0; rest = rest[(at + 1)..])
            count++;
        return count;
    }

    [Fact]
    public void Patch_rejects_a_file_that_is_not_elf()
    {
        var notElf = Encoding.ASCII.GetBytes(new string('x', 128));

        var error = Assert.Throws<InvalidDataException>(() => PatchLibTorchSharpForOldLibstdcxx.Patch(notElf));
        Assert.Contains("not an ELF file", error.Message);
    }
}
