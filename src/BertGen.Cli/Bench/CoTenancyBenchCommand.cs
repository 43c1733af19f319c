using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using BertGen.Modeling;
using BertGen.Runtime;

namespace BertGen.Cli.Bench;

/// <summary>
/// <c>bertgen bench cotenancy</c>: training throughput on a shared machine. Runs the same training job (a fresh
/// model of --size, random batches, AdamW steps) as child processes: alone, two at once, and beside a process
/// that keeps one core busy, each with BertGen's load-following thread count and with the thread count fixed
/// at every core (what libtorch does by itself), in alternating rounds. Prints each job's tokens per second and
/// the aggregate against one job alone.
/// </summary>
internal static class CoTenancyBenchCommand
{
    public static Command Create()
    {
        var size = new Option<string>("--size") { Description = "Model size", DefaultValueFactory = _ => "mini" };
        var batch = new Option<int>("--batch") { Description = "Sequences per step", DefaultValueFactory = _ => 16 };
        var length = new Option<int>("--length") { Description = "Tokens per sequence", DefaultValueFactory = _ => 128 };
        var seconds = new Option<double>("--seconds") { Description = "Timed seconds per job (after a warm-up of a fifth of that)", DefaultValueFactory = _ => 15 };
        var precision = new Option<ComputePrecision>("--precision") { Description = "Float32 or BFloat16", DefaultValueFactory = _ => CpuFeatures.HasBFloat16Instructions ? ComputePrecision.BFloat16 : ComputePrecision.Float32 };
        var rounds = new Option<int>("--rounds") { Description = "Rounds over all cases (figures are medians)", DefaultValueFactory = _ => 3 };
        var command = new Command("cotenancy", "Training throughput alone, two jobs at once and beside a busy process, with load-following and with fixed thread counts.")
        {
            size, batch, length, seconds, precision, rounds,
        };
        command.SetAction(result => CommandErrors.Run(() =>
        {
            var job = new[] { "--size", result.GetValue(size)!, "--batch", Text(result.GetValue(batch)), "--length", Text(result.GetValue(length)),
                "--seconds", Text(result.GetValue(seconds)), "--precision", result.GetValue(precision).ToString() };
            Run(job, result.GetValue(seconds), result.GetValue(rounds));
            return Task.FromResult(0);
        }));

        var steps = new Command("steps", "One co-tenancy job: training steps for --seconds, then its tokens per second.") { size, batch, length, seconds, precision };
        steps.Hidden = true;
        steps.SetAction(result => CommandErrors.Run(() =>
        {
            var (tokensPerSecond, threads) = Steps(result.GetValue(size)!, result.GetValue(batch), result.GetValue(length), result.GetValue(seconds), result.GetValue(precision));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"tokens_per_second={tokensPerSecond:F1} threads={threads}"));
            return Task.FromResult(0);
        }));
        var spin = new Command("spin", "Keeps one core busy for --seconds.") { seconds };
        spin.Hidden = true;
        spin.SetAction(result =>
        {
            var clock = Stopwatch.StartNew();
            double sink = 0;
            while (clock.Elapsed.TotalSeconds < result.GetValue(seconds))
                for (int i = 0; i < 1_000_000; i++)
                    sink += Math.Sqrt(i);
            return sink > 0 ? 0 : 1;
        });
        command.Subcommands.Add(steps);
        command.Subcommands.Add(spin);
        return command;
    }

    private static string Text(double value) => value.ToString(CultureInfo.InvariantCulture);

    private static (double TokensPerSecond, string Threads) Steps(string size, int batch, int length, double seconds, ComputePrecision precision)
    {
        using var job = ModelBenchmark.Candidate.Create(size, batch, length, "train", "generated", precision);
        var counts = new SortedSet<int>();
        void Step()
        {
            CpuThreads.Tick();
            counts.Add(TorchSharp.torch.get_num_threads());
            job.Step();
        }
        var warmUp = Stopwatch.StartNew();
        while (warmUp.Elapsed.TotalSeconds < seconds / 5)
            Step();
        int steps = 0;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed.TotalSeconds < seconds)
        {
            Step();
            steps++;
        }
        return ((double)steps * batch * length / clock.Elapsed.TotalSeconds, string.Join("/", counts));
    }

    private sealed record Case(string Name, int Jobs, bool Spinner, bool Fixed);

    private static void Run(string[] job, double seconds, int rounds)
    {
        int cores = CpuThreads.Budget;
        Case[] cases =
        [
            new("alone", 1, false, false), new("alone", 1, false, true),
            new("two at once", 2, false, false), new("two at once", 2, false, true),
            new("beside a busy core", 1, true, false), new("beside a busy core", 1, true, true),
        ];
        Console.WriteLine($"{cores} cores; each job: {string.Join(' ', job)}; {rounds} round(s) after a warm-up job, medians");
        // A first job warms the machine (page cache, clocks, the JIT's disk cache): the first case would pay for it.
        Read(Launch(["bench", "cotenancy", "steps", .. job]), []);
        var figures = cases.ToDictionary(c => c, _ => new List<double[]>());
        var threads = cases.ToDictionary(c => c, _ => new SortedSet<string>());
        for (int round = 0; round < rounds; round++)
        {
            // Every other round in reverse order, so that no case always follows the same one.
            foreach (var c in round % 2 == 0 ? cases : cases.Reverse())
            {
                var extra = c.Fixed ? new[] { "--threads", cores.ToString(CultureInfo.InvariantCulture) } : [];
                using var spinner = c.Spinner ? Launch(["bench", "cotenancy", "spin", "--seconds", Text(seconds * 3)]) : null;
                var jobs = Enumerable.Range(0, c.Jobs).Select(_ => Launch(["bench", "cotenancy", "steps", .. job, .. extra])).ToList();
                var roundThreads = new SortedSet<string>();
                var rates = jobs.Select(p => Read(p, roundThreads)).ToArray();
                threads[c].UnionWith(roundThreads);
                // The whole tree: the CLI restarts itself under jemalloc, and the spinning process is that child.
                spinner?.Kill(entireProcessTree: true);
                figures[c].Add(rates);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  round {round + 1}: {c.Name}, {(c.Fixed ? $"fixed {cores} threads" : "load-following")}: {string.Join(" + ", rates.Select(r => r.ToString("N0", CultureInfo.InvariantCulture)))} tokens/s (threads used: {string.Join(", ", roundThreads)})"));
            }
        }

        static double Median(IEnumerable<double> values)
        {
            var sorted = values.Order().ToList();
            return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
        }
        double alone(bool fixedThreads) => Median(figures[cases.First(c => c.Jobs == 1 && !c.Spinner && c.Fixed == fixedThreads)].Select(r => r[0]));
        Console.WriteLine();
        Console.WriteLine("| case | threads | tokens/s per job | aggregate | aggregate / one job alone (same threads) | / one job alone (fixed) |");
        Console.WriteLine("|---|---|---|---|---|---|");
        foreach (var c in cases)
        {
            var perJob = Enumerable.Range(0, c.Jobs).Select(j => Median(figures[c].Select(r => r[j]))).ToArray();
            double aggregate = Median(figures[c].Select(r => r.Sum()));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {c.Name} | {(c.Fixed ? $"fixed {cores}" : "load-following")} ({string.Join(", ", threads[c])}) | {string.Join(" and ", perJob.Select(r => r.ToString("N0", CultureInfo.InvariantCulture)))} | {aggregate:N0} | {aggregate / alone(c.Fixed):P0} | {aggregate / alone(true):P0} |"));
        }
    }

    private static Process Launch(string[] arguments)
    {
        var host = Environment.ProcessPath ?? throw new InvalidOperationException("cannot tell how this process was started");
        var start = new ProcessStartInfo(host) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        if (Path.GetFileNameWithoutExtension(host) == "dotnet")
            start.ArgumentList.Add(Environment.GetCommandLineArgs()[0]);
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        return Process.Start(start) ?? throw new InvalidOperationException($"could not start {host}");
    }

    private static double Read(Process job, SortedSet<string> threads)
    {
        var error = job.StandardError.ReadToEndAsync();
        var output = job.StandardOutput.ReadToEnd();
        job.WaitForExit();
        var line = output.Split('\n').FirstOrDefault(l => l.StartsWith("tokens_per_second=", StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"a co-tenancy job gave no figure (exit code {job.ExitCode}): {output}{error.Result}");
        var parts = line.Split(' ');
        threads.Add(parts[1]["threads=".Length..]);
        return double.Parse(parts[0]["tokens_per_second=".Length..], CultureInfo.InvariantCulture);
    }
}
