using BertGen.Checkpoints;
using BertGen.Modeling;
using BertGen.Models;
using BertGen.Tokenization;
using static TorchSharp.torch;

namespace BertGen.Tests.Infrastructure;

/// <summary>
/// Small untrained 3-label classifiers saved as Hugging Face folders (no BertGen records, as a third-party checkpoint
/// is), over a vocabulary of the given corpus's words. A wide initialisation makes their probabilities react clearly
/// to the tokens, so tests can tell texts apart by them.
/// </summary>
internal static class UntrainedClassifiers
{
    public static string Save(string parent, string name, IReadOnlyList<string> corpus, int seed, int maxPositions)
    {
        var vocabulary = Path.Combine(parent, name + "-vocab.txt");
        WordVocabulary.Write(vocabulary, corpus);
        var tokenizer = BertTokenizer.FromVocabulary(vocabulary);
        manual_seed(seed);
        using var model = BertForSequenceClassification.Create(new BertConfig
        {
            NumHiddenLayers = 2, NumAttentionHeads = 2, HiddenSize = 32, IntermediateSize = 64, VocabSize = tokenizer.VocabularySize,
            MaxPositionEmbeddings = maxPositions, NumLabels = 3, LabelNames = ["negative", "neutral", "positive"], InitializerRange = 0.5,
        });
        var saved = Path.Combine(parent, name);
        model.SavePretrained(saved, new ModelFolderOptions { VocabularyPath = vocabulary });
        return saved;
    }
}
