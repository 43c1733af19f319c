using Microsoft.CodeAnalysis;

namespace BertGen.Generators.Tests;

/// <summary>Each diagnostic fires on a declaration that cannot work, at the offending argument; none on good ones.</summary>
public class DiagnosticTests
{
    // [|...|] marks the span the diagnostic must point at.
    public static TheoryData<string, string> BadDeclarations => new()
    {
        { "BG0001", "[BertModel] [EncoderOnly] public class [|NotPartial|];" },
        { "BG0002", "[BertModel(HiddenSize = 100, [|Heads = 12|])] [EncoderOnly] public partial class M;" },
        { "BG0003", "[BertModel([|Layers = 0|])] [EncoderOnly] public partial class M;" },
        { "BG0003", "[BertModel([|IntermediateSize = -5|])] [EncoderOnly] public partial class M;" },
        { "BG0003", "[BertModel([|Layers = 100000|])] [EncoderOnly] public partial class M;" },
        { "BG0004", "[BertModel([|VocabSize = 100|])] [EncoderOnly] public partial class M;" },
        { "BG0005", "[BertModel([|HiddenDropout = 1.0|])] [EncoderOnly] public partial class M;" },
        { "BG0005", "[BertModel([|AttentionDropout = -0.1|])] [EncoderOnly] public partial class M;" },
        { "BG0005", "[BertModel] [SequenceClassificationHead([|ClassifierDropout = 1.5|])] public partial class M;" },
        { "BG0006", "[BertModel] [SequenceClassificationHead([|Labels = 0|])] public partial class M;" },
        { "BG0006", "[BertModel] [TokenClassificationHead([|Labels = -3|])] public partial class M;" },
        { "BG0007", "[[|BertModel(Layers = 2)|]] public partial class M;" },
        { "BG0008", "[BertModel] [MaskedLMHead] [[|NextSentencePredictionHead|]] public partial class M;" },
        { "BG0009", "[BertModel([|Activation = (HiddenActivation)7|])] [EncoderOnly] public partial class M;" },
        { "BG0010", "[BertModel([|LayerNormEps = 0|])] [EncoderOnly] public partial class M;" },
        { "BG0010", "[BertModel([|InitializerRange = -0.02|])] [EncoderOnly] public partial class M;" },
        { "BG0011", "[BertModel(VocabSize = 200, [|PadTokenId = 200|])] [EncoderOnly] public partial class M;" },
        { "BG0012", "[BertModel] [SequenceClassificationHead(Labels = 3, [|LabelNames = [\"a\", \"b\"]|])] public partial class M;" },
        { "BG0013", "public partial class Outer { [BertModel] [EncoderOnly] public partial class [|Inner|]; }" },
        { "BG0013", "[BertModel] [EncoderOnly] public abstract partial class [|M|];" },
        { "BG0014", "[[|SequenceClassificationHead|]] public partial class M;" },
        { "BG0015", "public class Base; [BertModel] [EncoderOnly] public partial class [|M|] : Base;" },
        { "BG0016", "[BertModel] [SequenceClassificationHead(Labels = 2, [|LabelNames = [\"a\", \"a\"]|])] public partial class M;" },
        { "BG0017", "[BertModel] [SequenceClassificationHead] public partial class M { private int [|classifier|]; }" },
        { "BG0017", "[BertModel] [EncoderOnly] public partial class M { public string [|Config|] => \"mine\"; }" },
        { "BG0017", "[BertModel] [MaskedLMHead] public partial class M { public void [|Pretrain|]() { } }" },
    };

    [Theory]
    [MemberData(nameof(BadDeclarations))]
    public void Diagnostic_fires_at_the_offending_code(string id, string markedDeclaration)
    {
        var (source, span) = Unmark($"using BertGen;\n\nnamespace Sample;\n\n{markedDeclaration}\n");

        var (result, _) = GeneratorHarness.Run(source);

        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal(id, diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal(span, diagnostic.Location.SourceSpan);
        Assert.DoesNotContain("{0}", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Empty(result.GeneratedTrees);
    }

    [Fact]
    public void One_bad_class_does_not_stop_the_others()
    {
        var (result, output) = GeneratorHarness.Run("""
            using BertGen;
            namespace Sample;
            [BertModel(Heads = 5)] [EncoderOnly] public partial class Broken;
            [BertModel(Layers = 2, Heads = 2, HiddenSize = 128, IntermediateSize = 512)] [EncoderOnly] public partial class Fine;
            """);

        Assert.Equal("BG0002", Assert.Single(result.Diagnostics).Id);
        Assert.Equal("Sample.Fine.g.cs", Path.GetFileName(Assert.Single(result.GeneratedTrees).FilePath));
        Assert.DoesNotContain(GeneratorHarness.Errors(output), d => d.Location.SourceTree?.FilePath.EndsWith(".g.cs") == true);
    }

    [Fact]
    public void Generated_code_binds_no_name_of_a_program_with_top_level_statements()
    {
        // A top-level local named `_` once captured the generated `out _` (CS8801 in the generated file).
        var program = GeneratorHarness.Compile("""
            using BertGen;
            using static TorchSharp.torch;
            using var _ = no_grad();
            var model = Sample.Tagger.FromPretrained("folder");
            namespace Sample { [BertModel(FromConfig = true)] [TokenClassificationHead] public partial class Tagger; }
            """);
        var executable = program.WithOptions(program.Options.WithOutputKind(Microsoft.CodeAnalysis.OutputKind.ConsoleApplication));

        GeneratorHarness.CreateDriver().RunGeneratorsAndUpdateCompilation(executable, out var output, out var diagnostics);

        Assert.Empty(diagnostics);
        Assert.Empty(GeneratorHarness.Errors(output));
    }

    [Fact]
    public void Generated_code_binds_no_name_the_users_namespace_declares()
    {
        // Types the user is free to declare beside the model, named like what generated code refers to: a type
        // called `var` would capture every implicitly typed local, the others every unqualified type name.
        var hostileNames = """
            namespace Sample
            {
                public class var { }
                public class Tensor { }
                public class DisposeScope { }
                public class BertConfig { }
                public class BertEncoderOutput { }
                public class Linear { }
                namespace TorchSharp { public static class torch { } }
                namespace BertGen { public static class Modeling { } }
            }
            """;
        var models = string.Join("\n", Heads.HeadSpec.All.Select((head, i) =>
            $"namespace Sample {{ [global::BertGen.BertModel(Layers = 1, Heads = 1, HiddenSize = 8, IntermediateSize = 8)] [global::BertGen.{head.AttributeName}] public partial class Model{i}; }}"));

        var (result, output) = GeneratorHarness.Run(hostileNames, models);

        Assert.Empty(result.Diagnostics);
        Assert.Equal(Heads.HeadSpec.All.Count, result.GeneratedTrees.Length);
        Assert.Empty(GeneratorHarness.Errors(output));
    }

    [Fact]
    public void Good_declarations_report_nothing()
    {
        var (result, output) = GeneratorHarness.Run("""
            using BertGen;
            [BertModel] [SequenceClassificationHead(Labels = 1)] public partial class GlobalNamespaceRegressor;
            namespace Sample
            {
                [BertModel(VocabSize = 104, Layers = 1, Heads = 1, HiddenSize = 8, IntermediateSize = 8, HiddenDropout = 0, AttentionDropout = 0.99)]
                [MultipleChoiceHead(ClassifierDropout = 0)]
                internal partial class Smallest;

                [BertModel(FromConfig = true, Heads = 5)] [TokenClassificationHead] public sealed partial class OpenTagger;
            }
            """);

        Assert.Empty(result.Diagnostics);
        Assert.Equal(3, result.GeneratedTrees.Length);
        Assert.Empty(GeneratorHarness.Errors(output));
    }

    private static (string Source, Microsoft.CodeAnalysis.Text.TextSpan Span) Unmark(string marked)
    {
        int start = marked.IndexOf("[|", StringComparison.Ordinal);
        int end = marked.IndexOf("|]", StringComparison.Ordinal) - 2;
        var source = marked.Replace("[|", "").Replace("|]", "");
        return (source, Microsoft.CodeAnalysis.Text.TextSpan.FromBounds(start, end));
    }
}
