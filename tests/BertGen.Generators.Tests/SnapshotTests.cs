using Snapshooter;
using Snapshooter.Xunit;

namespace BertGen.Generators.Tests;

/// <summary>The generated source of representative declarations, reviewed and committed under __snapshots__.</summary>
public class SnapshotTests
{
    public static TheoryData<string, string> Declarations => new()
    {
        { "BertBase", """
            [BertModel(Layers = 12, Heads = 12, HiddenSize = 768, IntermediateSize = 3072)]
            [SequenceClassificationHead(Labels = 2, LabelNames = ["negative", "positive"])]
            public partial class BertBaseSentiment;
            """ },
        { "BertLarge", """
            [BertModel(Layers = 24, Heads = 16, HiddenSize = 1024, IntermediateSize = 4096)]
            [SequenceClassificationHead(Labels = 2)]
            public partial class BertLargeSentiment;
            """ },
        { "EncoderOnly", """
            [BertModel(Layers = 2, Heads = 2, HiddenSize = 128, IntermediateSize = 512)]
            [EncoderOnly]
            public partial class TinyEncoder;
            """ },
        { "TokenClassification", """
            [BertModel(Layers = 2, Heads = 4, HiddenSize = 64, IntermediateSize = 256, Activation = HiddenActivation.GeluTanh)]
            [TokenClassificationHead(Labels = 9, ClassifierDropout = 0.2)]
            public partial class TinyTagger;
            """ },
        { "QuestionAnswering", """
            [BertModel(Layers = 2, Heads = 4, HiddenSize = 64, IntermediateSize = 256)]
            [QuestionAnsweringHead]
            public partial class TinyReader;
            """ },
        { "MaskedLM", """
            [BertModel(Layers = 2, Heads = 4, HiddenSize = 64, IntermediateSize = 256, VocabSize = 1000)]
            [MaskedLMHead]
            public partial class TinyMaskedLM;
            """ },
        { "NextSentencePrediction", """
            [BertModel(Layers = 2, Heads = 4, HiddenSize = 64, IntermediateSize = 256)]
            [NextSentencePredictionHead]
            public partial class TinyNextSentence;
            """ },
        { "Pretraining", """
            [BertModel(Layers = 4, Heads = 4, HiddenSize = 256, IntermediateSize = 1024, HiddenDropout = 0.05)]
            [PretrainingHead]
            public partial class MiniPretraining;
            """ },
        { "MultipleChoice", """
            [BertModel(Layers = 2, Heads = 4, HiddenSize = 64, IntermediateSize = 256, Activation = HiddenActivation.Relu)]
            [MultipleChoiceHead]
            public partial class TinyChooser;
            """ },
        { "OpenSizes", """
            [BertModel(FromConfig = true, LayerNormEps = 1e-12)]
            [SequenceClassificationHead]
            public partial class AnyBertClassifier;
            """ },
    };

    [Theory]
    [MemberData(nameof(Declarations))]
    public void Generated_source_matches_the_snapshot(string name, string declaration)
    {
        var (result, output) = GeneratorHarness.Run($"""
            using BertGen;

            namespace Sample.Models;

            {declaration}
            """);

        Assert.Empty(result.Diagnostics);
        Assert.Empty(GeneratorHarness.Errors(output));
        Snapshot.Match(GeneratorHarness.GeneratedSource(result), new SnapshotFullName($"SnapshotTests.Generated_source_matches_the_snapshot_{name}.snap", SnapshotFolder));
    }

    // Snapshooter finds the folder from the test's source path, which deterministic CI builds map to "/_/":
    // the snapshots would then be read and written outside the repository and never compared. Name the
    // test project's folder explicitly instead (Snapshooter adds __snapshots__).
    private static readonly string SnapshotFolder = Path.Combine(FindRepositoryRoot(), "tests", "BertGen.Generators.Tests");

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "BertGen.sln")))
                return dir.FullName;
        }
        throw new InvalidOperationException($"BertGen.sln not found above {AppContext.BaseDirectory}");
    }
}
