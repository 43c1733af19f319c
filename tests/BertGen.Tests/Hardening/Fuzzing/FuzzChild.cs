namespace BertGen.Tests.Hardening.Fuzzing;

/// <summary>
/// Runs one family's cases in this process (the test assembly run as a program: <c>dotnet BertGen.Tests.dll fuzz
/// FAMILY FROM TO</c>) and reports on standard output, one line per event: <c>start SEED</c> before a case, then
/// <c>outcome SEED KIND detail</c>. A case still running after the time limit is reported as a hang and ends the
/// process, since its thread cannot be stopped; a case that kills the process leaves its <c>start</c> line last.
/// The parent (<see cref="FuzzSuiteTests"/>) starts a new process after the case in both events.
/// </summary>
internal static class FuzzChild
{
    public static readonly TimeSpan Limit = TimeSpan.FromSeconds(10);

    public static int Run(string family, int from, int to, TimeSpan limit)
    {
        var fuzz = FuzzFamilies.Named(family);
        var folder = Directory.CreateTempSubdirectory("bertgen-fuzz-").FullName;
        var output = Console.Out;
        try
        {
            for (int seed = from; seed < to; seed++)
            {
                output.WriteLine($"start {seed}");
                output.Flush();
                var (outcome, detail) = RunCase(fuzz, seed, folder, limit);
                output.WriteLine($"outcome {seed} {outcome} {detail.ReplaceLineEndings(" ")}");
                output.Flush();
                if (outcome == FuzzOutcome.Hang)
                    Environment.Exit(3);
            }
            output.WriteLine("done");
            return 0;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static (FuzzOutcome, string) RunCase(FuzzFamily family, int seed, string folder, TimeSpan limit)
    {
        FuzzCase prepared;
        try
        {
            prepared = family.Prepare(seed, folder);
        }
        catch (Exception e)
        {
            return (FuzzOutcome.Defect, $"preparing the case failed: {e.GetType().Name}: {e.Message}");
        }
        var reading = Task.Run(prepared.Read);
        try
        {
            if (!reading.Wait(limit))
                return (FuzzOutcome.Hang, $"{prepared.Mutation}: still reading after {limit.TotalSeconds:N0} s");
            return (FuzzOutcome.Read, prepared.Mutation);
        }
        catch (AggregateException wrapped) when (wrapped.InnerException is { } e)
        {
            if (!family.Documented.IsInstanceOfType(e))
                return (FuzzOutcome.Defect, $"{prepared.Mutation}: {e.GetType().Name} is not the documented {family.Documented.Name}: {e.Message}");
            if (!e.Message.StartsWith(prepared.Source + ":", StringComparison.Ordinal))
                return (FuzzOutcome.Defect, $"{prepared.Mutation}: the message does not begin with the file: {e.Message}");
            return (FuzzOutcome.Refused, prepared.Mutation);
        }
    }
}
