namespace BertGen.Tests.Infrastructure;

/// <summary>Runs the bertgen tool built beside the tests, as a separate process.</summary>
public static class BertgenCli
{
    public static (int ExitCode, string Output) Run(params string[] arguments) =>
        RunWith(new Dictionary<string, string?>(), arguments);

    public static (int ExitCode, string Output) RunWith(IReadOnlyDictionary<string, string?> environment, params string[] arguments) =>
        DotnetCli.Run(AppContext.BaseDirectory, environment, [Path.Combine(AppContext.BaseDirectory, "BertGen.Cli.dll"), .. arguments]);
}
