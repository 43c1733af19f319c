using BertGen.Tests.Infrastructure;

namespace BertGen.Tests.Build;

/// <summary>The -p:TorchBackend switch really swaps the TorchSharp package (evaluated, not restored).</summary>
public class TorchBackendSwitchTests
{
    private static string Project => Path.Combine(RepositoryPaths.Root, "src", "BertGen", "BertGen.csproj");

    [Theory]
    [InlineData(null, "TorchSharp-cpu")]
    [InlineData("cpu", "TorchSharp-cpu")]
    [InlineData("cuda-windows", "TorchSharp-cuda-windows")]
    [InlineData("cuda-linux", "TorchSharp-cuda-linux")]
    public void Backend_property_selects_exactly_one_TorchSharp_package(string? backend, string expected)
    {
        var arguments = new List<string> { "msbuild", Project, "-getItem:PackageReference" };
        if (backend != null)
            arguments.Add($"-p:TorchBackend={backend}");

        var (exitCode, output) = DotnetCli.Run(RepositoryPaths.Root, [.. arguments]);

        Assert.True(exitCode == 0, output);
        var torchPackages = new[] { "TorchSharp-cpu", "TorchSharp-cuda-windows", "TorchSharp-cuda-linux" }
            .Where(p => output.Contains($"\"Identity\": \"{p}\"", StringComparison.Ordinal));
        Assert.Equal([expected], torchPackages);
    }
}
