using BertGen.Data;
using BertGen.Modeling;
using BertGen.Models;
using BertGen.Tokenization;
using BertGen.Classification;
using BertGen.Training;
using static TorchSharp.torch;

namespace BertGen.Tests.Training;

/// <summary>A tiny from-scratch classifier on the built-in synthetic reviews, trained into a temporary folder.</summary>
internal sealed class TinyTrainingRun : IDisposable
{
    public string Folder { get; } = Directory.CreateTempSubdirectory("bertgen-train-").FullName;
    public BertTokenizer Tokenizer { get; }
    public LabelMap Labels { get; }
    public List<LabeledText> Train { get; }
    public List<LabeledText> Validation { get; }

    public TinyTrainingRun(int reviews = 2400)
    {
        var data = SyntheticReviews.Generate(reviews, seed: 11);
        (Train, Validation) = DatasetSplits.Split(data, SplitStrategy.Ordered, 0.2);
        var vocabulary = Path.Combine(Folder, "corpus-vocab.txt");
        WordVocabulary.Write(vocabulary, data.Select(r => r.Text));
        Tokenizer = BertTokenizer.FromVocabulary(vocabulary);
        Labels = LabelMap.FromData(data);
    }

    public BertForSequenceClassification NewModel(int seed = 3)
    {
        manual_seed(seed);
        return BertForSequenceClassification.Create(new BertConfig
        {
            NumHiddenLayers = 2, NumAttentionHeads = 4, HiddenSize = 64, IntermediateSize = 128,
            VocabSize = Tokenizer.VocabularySize, MaxPositionEmbeddings = 96, NumLabels = Labels.Count, LabelNames = Labels.Names,
        });
    }

    public static TrainingOptions Options(int epochs) => new() { Epochs = epochs, LearningRate = 1e-3, WarmupRatio = 0.1, BatchSize = 16, MaxLength = 96, Seed = 5 };

    public TrainingResult<EpochMetrics> Run(string output, TrainingOptions options, ITrainingProgress? progress = null, CancellationToken cancellation = default)
    {
        using var model = NewModel();
        var task = new SequenceClassificationTask(Tokenizer, Labels, options);
        return Trainer.Create(model, task, options, progress, CPU).Train(task.Encode(Train), task.Encode(Validation), output, cancellation);
    }

    public void Dispose() => Directory.Delete(Folder, recursive: true);
}
