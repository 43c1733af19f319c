namespace BertGen.Tests.Infrastructure;

/// <summary>Runs the bertgen tool built beside the tests, as a separate process.</summary>
public static class BertgenCli
{
    public static (int ExitCode, string Output) Run(params string[] arguments) =>
        DotnetCli.Run(AppContext.BaseDirectory, [Path.Combine(AppContext.BaseDirectory, "BertGen.Cli.dll"), .. arguments]);
}
