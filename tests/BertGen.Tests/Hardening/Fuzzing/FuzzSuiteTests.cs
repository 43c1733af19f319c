using System.Diagnostics;
using System.Text;
using BertGen.Tests.Infrastructure;
using Xunit.Abstractions;

namespace BertGen.Tests.Hardening.Fuzzing;

/// <summary>
/// Every reader of untrusted files against 7,600 seeded mutations of its fixtures (<see cref="FuzzFamilies"/>),
/// run in child processes so that a case that takes its process down is caught and named rather than ending
/// the test run: no process crash, no hang, no exception of an undocumented type, no message that names
/// nothing. Prints the counts per family.
/// </summary>
public sealed class FuzzSuiteTests(ITestOutputHelper log)
{
    private sealed class Tally
    {
        public Dictionary<FuzzOutcome, int> Counts { get; } = Enum.GetValues<FuzzOutcome>().ToDictionary(o => o, _ => 0);

        public List<string> Problems { get; } = [];
    }

    [Fact]
    public void Every_reader_survives_seeded_mutations_in_child_processes()
    {
        var tallies = new Dictionary<string, Tally>();
        var clock = Stopwatch.StartNew();
        // Two families at a time: one per core.
        Parallel.ForEach(FuzzFamilies.All, new ParallelOptions { MaxDegreeOfParallelism = 2 }, family =>
        {
            var tally = RunFamily(family);
            lock (tallies)
                tallies[family.Name] = tally;
        });

        var table = new StringBuilder("| input | cases | read | refused | defects | hangs | process crashes |\n|---|---|---|---|---|---|---|\n");
        foreach (var family in FuzzFamilies.All)
        {
            var c = tallies[family.Name].Counts;
            table.AppendLine($"| {family.Name} | {family.Cases:N0} | {c[FuzzOutcome.Read]:N0} | {c[FuzzOutcome.Refused]:N0} | {c[FuzzOutcome.Defect]} | {c[FuzzOutcome.Hang]} | {c[FuzzOutcome.Crash]} |");
        }
        var all = tallies.Values.SelectMany(t => t.Counts).GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.Sum(p => p.Value));
        table.AppendLine($"| all | {FuzzFamilies.All.Sum(f => f.Cases):N0} | {all[FuzzOutcome.Read]:N0} | {all[FuzzOutcome.Refused]:N0} | {all[FuzzOutcome.Defect]} | {all[FuzzOutcome.Hang]} | {all[FuzzOutcome.Crash]} |");
        log.WriteLine(table.ToString());
        log.WriteLine($"{clock.Elapsed.TotalSeconds:N0} s");

        var problems = tallies.SelectMany(t => t.Value.Problems.Select(p => $"{t.Key}: {p}")).ToList();
        Assert.True(problems.Count == 0, $"{problems.Count} problem(s):\n{string.Join("\n", problems.Take(20))}\n{table}");
        Assert.Equal(FuzzFamilies.All.Sum(f => f.Cases), all.Values.Sum());
        // Both outcomes in every family: the mutations reach the checks and also leave readable inputs.
        Assert.All(tallies, t => Assert.True(t.Value.Counts[FuzzOutcome.Read] > 0 && t.Value.Counts[FuzzOutcome.Refused] > 0, $"{t.Key}: {string.Join(", ", t.Value.Counts)}"));
    }

    [Fact]
    public void The_harness_counts_and_names_a_case_that_kills_or_hangs_its_process()
    {
        var tally = RunFamily(FuzzFamilies.HarnessSelfTest, secondsPerCase: 2);

        Assert.Equal(1, tally.Counts[FuzzOutcome.Read]);
        Assert.Equal(1, tally.Counts[FuzzOutcome.Crash]);
        Assert.Equal(1, tally.Counts[FuzzOutcome.Hang]);
        Assert.Equal(2, tally.Counts[FuzzOutcome.Defect]);
        Assert.Contains(tally.Problems, p => p.StartsWith("case 1: the process died", StringComparison.Ordinal));
        Assert.Contains(tally.Problems, p => p.StartsWith("case 2: Hang", StringComparison.Ordinal));
        Assert.Contains(tally.Problems, p => p.StartsWith("case 3: Defect", StringComparison.Ordinal) && p.Contains("InvalidOperationException is not the documented DataException"));
        Assert.Contains(tally.Problems, p => p.StartsWith("case 4: Defect", StringComparison.Ordinal) && p.Contains("does not begin with the file"));
    }

    /// <summary>Runs the family's seeds in a child process, starting a new one after a case that hangs or kills it.</summary>
    private static Tally RunFamily(FuzzFamily family, double? secondsPerCase = null)
    {
        var tally = new Tally();
        int next = family.FirstSeed, end = family.FirstSeed + family.Cases;
        while (next < end)
        {
            string[] arguments = [Path.Combine(AppContext.BaseDirectory, "BertGen.Tests.dll"), "fuzz", family.Name, next.ToString(), end.ToString(),
                .. secondsPerCase is { } seconds ? [seconds.ToString(System.Globalization.CultureInfo.InvariantCulture)] : Array.Empty<string>()];
            var (exitCode, output) = DotnetCli.Run(AppContext.BaseDirectory, arguments);
            int? started = null;
            bool done = false;
            foreach (var line in output.Split('\n'))
            {
                var parts = line.TrimEnd('\r').Split(' ', 4);
                if (parts is ["start", var seed])
                    started = int.Parse(seed);
                else if (parts is ["outcome", var seed2, var kind, ..])
                {
                    var outcome = Enum.Parse<FuzzOutcome>(kind);
                    tally.Counts[outcome]++;
                    if (outcome is not (FuzzOutcome.Read or FuzzOutcome.Refused))
                        tally.Problems.Add($"case {seed2}: {outcome}: {(parts.Length > 3 ? parts[3] : "")}");
                    started = null;
                    next = int.Parse(seed2) + 1;
                }
                else if (parts is ["done"])
                    done = true;
            }
            if (done)
                break;
            if (started is { } crashed)
            {
                tally.Counts[FuzzOutcome.Crash]++;
                tally.Problems.Add($"case {crashed}: the process died (exit code {exitCode}): {output[Math.Max(0, output.Length - 500)..]}");
                next = crashed + 1;
            }
            else if (exitCode != 3)
            {
                tally.Problems.Add($"the child process ended without a report (exit code {exitCode}): {output[Math.Max(0, output.Length - 500)..]}");
                break;
            }
        }
        return tally;
    }
}
