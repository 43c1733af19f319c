using System.Diagnostics;
using System.Globalization;
using Spectre.Console;

namespace BertGen.Hub;

/// <summary>The progress reporters the library offers.</summary>
public static class DownloadProgress
{
    /// <summary>Reports nothing (tests, services, callers with their own UI).</summary>
    public static IDownloadProgress Silent { get; } = new SilentProgress();

    /// <summary>
    /// A progress bar with size, rate and time left on a terminal; plain log lines when the output is redirected.
    /// Writes to standard error by default, so that what a command prints on standard output (JSON, CSV) stays clean.
    /// </summary>
    public static IDownloadProgress Console(IAnsiConsole? console = null) =>
        new ConsoleDownloadProgress(console ?? AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(System.Console.Error) }));

    /// <summary>Bytes as people read them: B, KiB, MiB, GiB.</summary>
    internal static string Bytes(double bytes)
    {
        string[] units = ["B", "KiB", "MiB", "GiB", "TiB"];
        int unit = 0;
        for (; bytes >= 1024 && unit < units.Length - 1; unit++)
            bytes /= 1024;
        return bytes.ToString(unit == 0 ? "F0" : "F1", CultureInfo.InvariantCulture) + " " + units[unit];
    }

    private sealed class SilentProgress : IDownloadProgress
    {
        public Task TrackAsync(DownloadInfo download, Func<Action<long>, Task> transfer) => transfer(_ => { });
    }

    private sealed class ConsoleDownloadProgress(IAnsiConsole console) : IDownloadProgress
    {
        public Task TrackAsync(DownloadInfo download, Func<Action<long>, Task> transfer)
        {
            // As ConsoleProgress does for training: bars only where a person watches a terminal.
            if (!console.Profile.Capabilities.Interactive || !console.Profile.Out.IsTerminal)
                return LogLines(download, transfer);
            return console.Progress()
                .AutoClear(false)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new DownloadedColumn(), new TransferSpeedColumn(), new RemainingTimeColumn())
                .StartAsync(async context =>
                {
                    var task = context.AddTask(Markup.Escape($"{download.RepoId} {download.FileName}"), maxValue: download.TotalBytes ?? 1);
                    task.IsIndeterminate = download.TotalBytes is null;
                    task.Value = download.ResumedFrom;
                    await transfer(bytes => task.Value = bytes).ConfigureAwait(false);
                    task.Value = task.MaxValue;
                    task.StopTask();
                });
        }

        private async Task LogLines(DownloadInfo download, Func<Action<long>, Task> transfer)
        {
            var size = download.TotalBytes is { } total ? Bytes(total) : "size unknown";
            var resumed = download.ResumedFrom > 0 ? $", resuming after {Bytes(download.ResumedFrom)}" : "";
            console.WriteLine($"Downloading {download.RepoId} {download.FileName} ({size}{resumed}) from {download.Url.GetLeftPart(UriPartial.Path)}");
            var clock = Stopwatch.StartNew();
            var lastLine = TimeSpan.Zero;
            long done = download.ResumedFrom;
            await transfer(bytes =>
            {
                done = bytes;
                // A line every ten seconds keeps logs short on slow links and silent on fast ones.
                if (clock.Elapsed - lastLine < TimeSpan.FromSeconds(10))
                    return;
                lastLine = clock.Elapsed;
                var percent = download.TotalBytes is { } t && t > 0 ? string.Create(CultureInfo.InvariantCulture, $"{100.0 * bytes / t:F0}%, ") : "";
                console.WriteLine($"  {download.FileName}: {percent}{Bytes(bytes)} of {size}, {Rate(bytes - download.ResumedFrom, clock.Elapsed)}");
            }).ConfigureAwait(false);
            console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {download.FileName}: {Bytes(done)} done in {clock.Elapsed.TotalSeconds:F1} s, {Rate(done - download.ResumedFrom, clock.Elapsed)}"));
        }

        private static string Rate(long bytes, TimeSpan elapsed) => $"{Bytes(bytes / Math.Max(elapsed.TotalSeconds, 1e-3))}/s";
    }
}
