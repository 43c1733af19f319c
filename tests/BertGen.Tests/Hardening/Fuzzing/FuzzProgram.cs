namespace BertGen.Tests.Hardening.Fuzzing;

/// <summary>
/// The test assembly's entry point, for the fuzz suite's child processes (the test runner loads the assembly as a
/// library and never calls it): <c>dotnet BertGen.Tests.dll fuzz FAMILY FROM TO [SECONDS PER CASE]</c>.
/// </summary>
public static class FuzzProgram
{
    public static int Main(string[] args) =>
        args switch
        {
            ["fuzz", var family, var from, var to] => FuzzChild.Run(family, int.Parse(from), int.Parse(to), FuzzChild.Limit),
            ["fuzz", var family, var from, var to, var seconds] => FuzzChild.Run(family, int.Parse(from), int.Parse(to), TimeSpan.FromSeconds(double.Parse(seconds, System.Globalization.CultureInfo.InvariantCulture))),
            _ => throw new ArgumentException("usage: dotnet BertGen.Tests.dll fuzz FAMILY FROM TO [SECONDS PER CASE]"),
        };
}
