using BertGen.Checkpoints;
using BertGen.Modeling;
using BertGen.Models;
using BertGen.Tests.Onnx;
using BertGen.Tokenization;
using static TorchSharp.torch;

namespace BertGen.Tests.Service;

/// <summary>A small 3-label classifier whose vocabulary covers real review sentences, for the service tests.</summary>
internal static class ServedModels
{
    /// <summary>Real review sentences (the UCI files the flagship commits), 100 from each file.</summary>
    public static IReadOnlyList<string> Sentences { get; } = MiniLmImportTests.Sentences(200).Distinct().ToList();

    public static string ClassifierFolder(string parent)
    {
        var vocabulary = Path.Combine(parent, "service-vocab.txt");
        WordVocabulary.Write(vocabulary, Sentences);
        var tokenizer = BertTokenizer.FromVocabulary(vocabulary);
        manual_seed(31);
        // A wide initialisation, so that the untrained model's probabilities differ clearly between texts.
        using var model = BertForSequenceClassification.Create(new BertConfig
        {
            NumHiddenLayers = 2, NumAttentionHeads = 2, HiddenSize = 32, IntermediateSize = 64, VocabSize = tokenizer.VocabularySize,
            MaxPositionEmbeddings = 128, NumLabels = 3, LabelNames = ["negative", "neutral", "positive"], InitializerRange = 0.5,
        });
        var saved = Path.Combine(parent, "served");
        model.SavePretrained(saved, new ModelFolderOptions { VocabularyPath = vocabulary });
        return saved;
    }
}
