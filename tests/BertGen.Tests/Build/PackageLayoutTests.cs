using System.IO.Compression;
using BertGen.Tests.Infrastructure;

namespace BertGen.Tests.Build;

/// <summary>
/// `dotnet pack` of the runtime yields one package that carries the runtime, the generator and the
/// native-library fix, so a consumer who adds it gets all three.
/// </summary>
public class PackageLayoutTests
{
#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    [Fact]
    public void Packed_runtime_carries_the_generator_as_an_analyzer()
    {
        var output = Directory.CreateTempSubdirectory("bertgen-pack-");
        try
        {
            var project = Path.Combine(RepositoryPaths.Root, "src", "BertGen", "BertGen.csproj");
            // --no-build: the test run already built this configuration of the runtime and generator.
            var (exitCode, log) = DotnetCli.Run(RepositoryPaths.Root, "pack", project, "-c", Configuration, "--no-build", "-o", output.FullName);
            Assert.True(exitCode == 0, log);

            var package = Assert.Single(output.GetFiles("BertGen.*.nupkg"));
            using var zip = ZipFile.OpenRead(package.FullName);
            var entries = zip.Entries.Select(e => e.FullName).ToHashSet();

            Assert.Contains("lib/net10.0/BertGen.dll", entries);
            Assert.Contains("analyzers/dotnet/cs/BertGen.Generators.dll", entries);
            Assert.Contains("buildTransitive/BertGen.targets", entries);
            Assert.Contains("buildTransitive/PatchLibTorchSharpForOldLibstdcxx.cs", entries);
            Assert.DoesNotContain(entries, e => e.StartsWith("lib/", StringComparison.Ordinal) && e.Contains("Generators", StringComparison.Ordinal));

            using var nuspec = new StreamReader(zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open());
            var manifest = nuspec.ReadToEnd();
            Assert.Contains("id=\"TorchSharp-cpu\"", manifest);
            Assert.Contains("id=\"Microsoft.ML.Tokenizers\"", manifest);
            Assert.DoesNotContain("Microsoft.CodeAnalysis", manifest);
        }
        finally
        {
            output.Delete(recursive: true);
        }
    }
}
