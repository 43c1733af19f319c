using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace BertGen.Generators.Tests;

/// <summary>Unchanged declarations are served from the generator's cache: nothing is parsed or emitted again.</summary>
public class IncrementalityTests
{
    private const string Declarations = """
        using BertGen;
        namespace Sample;
        [BertModel(Layers = 2, Heads = 2, HiddenSize = 128, IntermediateSize = 512)] [SequenceClassificationHead] public partial class Tiny;
        [BertModel(Layers = 4, Heads = 4, HiddenSize = 256, IntermediateSize = 1024)] [MaskedLMHead] public partial class Mini;
        """;

    [Fact]
    public void Rerun_on_an_unchanged_compilation_is_fully_cached()
    {
        var compilation = GeneratorHarness.Compile(Declarations);
        var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);

        driver = driver.RunGenerators(compilation.Clone());

        AssertAllCached(driver.GetRunResult());
    }

    [Fact]
    public void Unrelated_edit_leaves_the_declarations_cached()
    {
        var compilation = GeneratorHarness.Compile(Declarations, "namespace Sample; public static class Helpers { }");
        var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);

        var helpers = compilation.SyntaxTrees.Last();
        var edited = compilation.ReplaceSyntaxTree(helpers, CSharpSyntaxTree.ParseText(
            "namespace Sample; public static class Helpers { public static int Answer => 42; }", GeneratorHarness.ParseOptions, helpers.FilePath));
        driver = driver.RunGenerators(edited);

        AssertAllCached(driver.GetRunResult());
    }

    [Fact]
    public void Editing_a_declaration_regenerates_it()
    {
        var compilation = GeneratorHarness.Compile(Declarations);
        var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);

        var tree = compilation.SyntaxTrees.Single();
        var edited = compilation.ReplaceSyntaxTree(tree, CSharpSyntaxTree.ParseText(
            Declarations.Replace("Layers = 2", "Layers = 3"), GeneratorHarness.ParseOptions, tree.FilePath));
        driver = driver.RunGenerators(edited);

        var outputs = driver.GetRunResult().Results.Single().TrackedSteps[BertModelGenerator.TrackingNames.Declarations]
            .SelectMany(step => step.Outputs).Select(o => o.Reason).ToList();
        Assert.Contains(IncrementalStepRunReason.Modified, outputs);
        Assert.Contains(IncrementalStepRunReason.Unchanged, outputs);
    }

    private static void AssertAllCached(GeneratorDriverRunResult result)
    {
        var steps = result.Results.Single().TrackedSteps[BertModelGenerator.TrackingNames.Declarations];
        Assert.NotEmpty(steps);
        Assert.All(steps.SelectMany(step => step.Outputs), output =>
            Assert.True(output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"step output was {output.Reason}"));
        var outputSteps = result.Results.Single().TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs);
        Assert.All(outputSteps, output => Assert.Equal(IncrementalStepRunReason.Cached, output.Reason));
    }
}
