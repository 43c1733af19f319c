using BertGen.Checkpoints;
using BertGen.Data;
using BertGen.Models;
using BertGen.Modeling;
using BertGen.Pretraining;
using BertGen.Tests.Infrastructure;
using BertGen.Tokenization;
using BertGen.Training;
using static TorchSharp.torch;

namespace BertGen.Tests.Pretraining;

[Collection(TorchRandomnessCollection.Name)]
public sealed class PretrainingTrainerTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("bertgen-pretrain-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void A_few_epochs_on_a_tiny_corpus_lower_the_masked_lm_loss_and_save_a_folder_a_classifier_starts_from()
    {
        var reviews = SyntheticReviews.Generate(600, seed: 9).Select(r => r.Text).ToList();
        var vocabulary = Path.Combine(folder, "corpus-vocab.txt");
        WordVocabulary.Write(vocabulary, reviews);
        var tokenizer = BertTokenizer.FromVocabulary(vocabulary);
        manual_seed(1);
        using var model = BertForPreTraining.Create(new BertConfig
        {
            NumHiddenLayers = 2, NumAttentionHeads = 2, HiddenSize = 32, IntermediateSize = 64, VocabSize = tokenizer.VocabularySize, MaxPositionEmbeddings = 64,
        });
        var output = Path.Combine(folder, "pretrained");

        var options = new TrainingOptions { Epochs = 5, MaxLength = 64, LearningRate = 3e-3, BatchSize = 16, WarmupRatio = 0.1 };
        var task = new PretrainingTask(tokenizer, new PretrainingOptions { ValidationFraction = 0.1 }, options);
        var (train, validation) = task.Build(TextCorpus.FromTexts(reviews, "synthetic"));
        var history = Trainer.Create(model, task, options, device: CPU).Train(train, validation, output).History;

        var trend = $"masked-LM loss {string.Join(" -> ", history.Select(h => $"{h.MlmLoss:F3} ({h.MlmAccuracy:P1})"))}";
        Assert.True(history[^1].MlmLoss < history[0].MlmLoss - 0.3, trend);
        Assert.True(history[^1].MlmAccuracy > history[0].MlmAccuracy, trend);
        Assert.NotNull(history[^1].NspAccuracy);
        Assert.True(File.Exists(Path.Combine(output, "metrics.json")) && File.Exists(Path.Combine(output, "training.png")));

        var classifierConfig = BertConfigJson.Load(Path.Combine(output, "config.json")) with { NumLabels = 2, LabelNames = ["negative", "positive"], Architecture = null };
        using var classifier = BertForSequenceClassification.Create(classifierConfig);
        var report = classifier.LoadWeights(output);
        Assert.Equal(["classifier.bias", "classifier.weight"], report.Missing.Order());
        Assert.Contains("bert.encoder.layer.1.output.dense.weight", report.Loaded);
        Assert.Contains("cls.seq_relationship.weight", report.Unexpected);
    }

    [Fact]
    public void A_resumed_pretraining_run_ends_where_an_uninterrupted_one_does()
    {
        var reviews = SyntheticReviews.Generate(300, seed: 13).Select(r => r.Text).ToList();
        var vocabulary = Path.Combine(folder, "corpus-vocab.txt");
        WordVocabulary.Write(vocabulary, reviews);
        var tokenizer = BertTokenizer.FromVocabulary(vocabulary);
        var documents = TextCorpus.FromTexts(reviews, "synthetic");
        var options = new TrainingOptions { Epochs = 2, MaxLength = 48, LearningRate = 1e-3, BatchSize = 16, WarmupRatio = 0.1 };
        var task = new PretrainingTask(tokenizer, new PretrainingOptions { WholeWordMasking = true, NextSentencePrediction = false }, options);
        var (train, validation) = task.Build(documents);
        IReadOnlyList<PretrainingMetrics> Run(string output, TrainingOptions runOptions, ITrainingProgress? progress = null, CancellationToken cancellation = default)
        {
            manual_seed(2);
            using var model = BertForMaskedLM.Create(new BertConfig { NumHiddenLayers = 1, NumAttentionHeads = 2, HiddenSize = 32, IntermediateSize = 64, VocabSize = tokenizer.VocabularySize, MaxPositionEmbeddings = 48 });
            return Trainer.Create(model, task, runOptions, progress, CPU).Train(train, validation, output, cancellation).History;
        }

        var straight = Run(Path.Combine(folder, "straight"), options);
        var interrupted = Path.Combine(folder, "interrupted");
        using var cancel = new CancellationTokenSource();
        Assert.ThrowsAny<OperationCanceledException>(() => Run(interrupted, options, new CancelAfterEpoch(1, cancel), cancel.Token));
        var resumed = Run(interrupted, options with { Resume = true });

        Assert.Equal(straight.Select(h => (h.TrainLoss, h.MlmLoss, h.MlmAccuracy)), resumed.Select(h => (h.TrainLoss, h.MlmLoss, h.MlmAccuracy)));
        Assert.Null(resumed[^1].NspAccuracy);
    }

    [Fact]
    public void Predicting_masked_positions_only_gives_the_full_heads_loss()
    {
        using var scope = NewDisposeScope();
        manual_seed(4);
        var config = new BertConfig { NumHiddenLayers = 1, NumAttentionHeads = 2, HiddenSize = 32, IntermediateSize = 64, VocabSize = 200, MaxPositionEmbeddings = 16 };
        using var pretraining = BertForPreTraining.Create(config);
        using var maskedLM = BertForMaskedLM.Create(config);
        pretraining.eval();
        maskedLM.eval();
        var inputs = new BertInputs(randint(104, 200, [3, 12]), ones(3, 12, dtype: ScalarType.Int64));
        var labels = full([3, 12], -100L);
        labels[0, 3] = tensor(7L);
        labels[1, 5] = tensor(150L);
        labels[2, 1] = tensor(42L);
        labels[2, 9] = tensor(104L);
        var nextSentence = tensor(new long[] { 0, 1, 1 });

        var fast = pretraining.Pretrain(inputs, labels, nextSentence);
        var complete = pretraining.Forward(inputs, labels, nextSentence);
        var fastMasked = maskedLM.Pretrain(inputs, labels, nextSentence);
        var fullMasked = maskedLM.Forward(inputs, labels);

        Assert.Equal(complete.Loss!.item<float>(), fast.Loss.item<float>(), 5);
        Assert.Equal(fullMasked.Loss!.item<float>(), fastMasked.Loss.item<float>(), 5);
        Assert.Equal([4L, 200L], fast.MaskedLogits.shape);
        Assert.Equal([7L, 150, 42, 104], fast.MaskedLabels.data<long>().ToArray());
    }
}
