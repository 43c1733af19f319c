using System.Diagnostics;
using System.Runtime.InteropServices;

namespace BertGen.Runtime;

/// <summary>
/// Starts the program again with jemalloc preloaded, set to keep the memory it frees, when jemalloc is installed.
/// Programs call <see cref="RelaunchIfAvailable"/> first in <c>Main</c>. The <c>bertgen</c> tool and the
/// samples do.
/// </summary>
/// <remarks>
/// Why: libtorch's CPU tensors come from malloc, and the malloc decides what training costs in memory and time.
/// Measured with <c>bertgen bench memory</c> and <c>bench model</c> on this project's machines (BERT Base at
/// (16,128) unless marked):
/// <list type="bullet">
/// <item>glibc's malloc fragments its heap: the peak was 1.37× the tensors' estimate.</item>
/// <item>Allocators that hand freed memory back to the kernel pay a page fault for every 4 KiB page they
/// reuse. That is about 4 µs each on these VMs, and made training 2-6× slower.</item>
/// <item>jemalloc keeping its freed pages peaked at 1.09× the estimate. It trained BERT-Mini 1.3-1.7× faster
/// than glibc, and Base as fast.</item>
/// </list>
/// A process can't change its own malloc after it has started, so it starts itself again, as PyTorch's CPU
/// launchers do for the same reason. Written by hand: no .NET library preloads an allocator.
/// <para>
/// The choice is the user's. Set <see cref="ControlVariable"/> to <c>system</c> to keep the system malloc, or
/// set it to a library's path to preload that one. An <c>LD_PRELOAD</c> or <c>MALLOC_CONF</c> the user set
/// wins. jemalloc comes with Debian's and Ubuntu's <c>libjemalloc2</c> package.
/// </para>
/// </remarks>
public static class JemallocRelaunch
{
    /// <summary><c>system</c> keeps the system malloc; a file path names the allocator library to preload.</summary>
    public const string ControlVariable = "BERTGEN_ALLOCATOR";

    /// <summary>jemalloc's setting for keeping freed pages instead of returning them to the kernel.</summary>
    public const string RetainingConfiguration = "dirty_decay_ms:-1,muzzy_decay_ms:-1";

    /// <summary>Where Debian, Ubuntu, Fedora and source installs put jemalloc.</summary>
    public static readonly IReadOnlyList<string> StandardPaths =
    [
        "/usr/lib/x86_64-linux-gnu/libjemalloc.so.2", "/usr/lib/aarch64-linux-gnu/libjemalloc.so.2",
        "/usr/lib64/libjemalloc.so.2", "/usr/lib/libjemalloc.so.2", "/usr/local/lib/libjemalloc.so.2",
    ];

    /// <summary>
    /// The library to preload, or null to go on as this process is: not on Linux, <c>system</c> asked for, something
    /// preloaded already (which includes the relaunched process itself), or no jemalloc found.
    /// </summary>
    public static string? LibraryToPreload(Func<string, string?> environment, Func<string, bool> fileExists, bool isLinux)
    {
        if (!isLinux || !string.IsNullOrEmpty(environment("LD_PRELOAD")))
            return null;
        string? choice = environment(ControlVariable);
        if (string.Equals(choice, "system", StringComparison.OrdinalIgnoreCase))
            return null;
        if (!string.IsNullOrEmpty(choice))
            return fileExists(choice) ? choice : throw new FileNotFoundException($"{ControlVariable}: no allocator library at '{choice}' (use 'system' for the system malloc)", choice);
        return StandardPaths.FirstOrDefault(fileExists);
    }

    /// <summary>
    /// Runs this program again, with the same arguments, under jemalloc when <see cref="LibraryToPreload"/> finds
    /// one. Returns the exit code of that run, which the caller returns, or null when this process should go on.
    /// </summary>
    public static int? RelaunchIfAvailable(string[] args)
    {
        string? library = LibraryToPreload(Environment.GetEnvironmentVariable, File.Exists, OperatingSystem.IsLinux());
        if (library is null || Environment.ProcessPath is not { } host)
            return null;
        var start = new ProcessStartInfo(host) { UseShellExecute = false };
        // Under `dotnet app.dll` the host is dotnet and the first command-line argument is the app's dll.
        if (Path.GetFileNameWithoutExtension(host) == "dotnet")
            start.ArgumentList.Add(Environment.GetCommandLineArgs()[0]);
        foreach (var argument in args)
            start.ArgumentList.Add(argument);
        start.Environment["LD_PRELOAD"] = library;
        start.Environment["MALLOC_CONF"] = Environment.GetEnvironmentVariable("MALLOC_CONF") ?? RetainingConfiguration;
        using var child = Process.Start(start) ?? throw new InvalidOperationException($"could not start {host} again with {library} preloaded");
        // Ctrl+C reaches both processes from the terminal: the relaunched one handles it, this one waits for it.
        // A SIGTERM or SIGHUP sent to this process alone (a job scheduler, `timeout`) is passed on, so that stopping
        // this process stops the run.
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => context.Cancel = true);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => PassOn(context, child, SignalTerminate));
        using var hangUp = PosixSignalRegistration.Create(PosixSignal.SIGHUP, context => PassOn(context, child, SignalHangUp));
        child.WaitForExit();
        return child.ExitCode;
    }

    private const int SignalHangUp = 1, SignalTerminate = 15;

    private static void PassOn(PosixSignalContext context, Process child, int signal)
    {
        context.Cancel = true;
        if (!child.HasExited)
            _ = Kill(child.Id, signal);
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int processId, int signal);
}
