using BertGen.Runtime;
using BertGen.Tests.Infrastructure;

namespace BertGen.Tests.Runtime;

/// <summary>
/// When the tool starts itself again under another malloc, and that it really does: with the library preloaded,
/// jemalloc's setting in its environment, its arguments and its exit code passed through.
/// </summary>
public class JemallocRelaunchTests
{
    private const string Jemalloc = "/usr/lib/x86_64-linux-gnu/libjemalloc.so.2";

    private static string? Decide(Dictionary<string, string> environment, params string[] existingFiles) =>
        JemallocRelaunch.LibraryToPreload(name => environment.GetValueOrDefault(name), existingFiles.Contains, isLinux: true);

    [Fact]
    public void Installed_jemalloc_is_preloaded()
    {
        Assert.Equal(Jemalloc, Decide([], Jemalloc));
        Assert.Equal("/usr/lib64/libjemalloc.so.2", Decide([], "/usr/lib64/libjemalloc.so.2"));
    }

    [Fact]
    public void Nothing_changes_without_jemalloc_off_linux_when_preloaded_or_when_the_user_says_system()
    {
        Assert.Null(Decide([]));
        Assert.Null(JemallocRelaunch.LibraryToPreload(_ => null, _ => true, isLinux: false));
        // The relaunched process has LD_PRELOAD set, which also keeps it from starting itself again.
        Assert.Null(Decide(new() { ["LD_PRELOAD"] = "/opt/libtcmalloc.so" }, Jemalloc));
        Assert.Null(Decide(new() { [JemallocRelaunch.ControlVariable] = "System" }, Jemalloc));
    }

    [Fact]
    public void A_library_the_user_names_is_used_and_a_missing_one_is_an_error()
    {
        Assert.Equal("/opt/mimalloc.so", Decide(new() { [JemallocRelaunch.ControlVariable] = "/opt/mimalloc.so" }, "/opt/mimalloc.so", Jemalloc));
        var error = Assert.Throws<FileNotFoundException>(() => Decide(new() { [JemallocRelaunch.ControlVariable] = "/opt/missing.so" }, Jemalloc));
        Assert.Contains("BERTGEN_ALLOCATOR", error.Message);
        Assert.Contains("/opt/missing.so", error.Message);
    }

    [Fact]
    public void The_tool_runs_again_with_the_library_preloaded_and_passes_its_exit_code_back()
    {
        // jemalloc may not be installed; any preloadable library shows the mechanism. libc is loaded already.
        string libc = File.ReadLines("/proc/self/maps").Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[^1])
            .First(path => Path.GetFileName(path) == "libc.so.6");
        var environment = new Dictionary<string, string?> { [JemallocRelaunch.ControlVariable] = libc, ["LD_PRELOAD"] = null, ["MALLOC_CONF"] = null };

        var (exitCode, output) = BertgenCli.RunWith(environment, "bench", "memory", "--size", "tiny", "--batch", "2", "--length", "16", "--steps", "1");
        Assert.True(exitCode == 0, output);
        // bench prints the allocator the process runs under.
        Assert.Contains($"allocator libc.so.6 (MALLOC_CONF={JemallocRelaunch.RetainingConfiguration})", output);

        var (failedCode, failedOutput) = BertgenCli.RunWith(environment, "bench", "memory", "--size", "no-such-size");
        Assert.NotEqual(0, failedCode);
        Assert.Contains("no-such-size", failedOutput);

        var (systemCode, systemOutput) = BertgenCli.RunWith(new Dictionary<string, string?> { [JemallocRelaunch.ControlVariable] = "system", ["LD_PRELOAD"] = null },
            "bench", "memory", "--size", "tiny", "--batch", "2", "--length", "16", "--steps", "1");
        Assert.True(systemCode == 0, systemOutput);
        Assert.Contains("allocator glibc malloc", systemOutput);
    }
}
