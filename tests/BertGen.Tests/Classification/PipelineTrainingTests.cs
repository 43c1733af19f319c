using System.Globalization;
using BertGen.Checkpoints;
using BertGen.Classification;
using BertGen.Data;
using BertGen.Modeling;
using BertGen.Onnx;
using BertGen.Prediction;
using BertGen.Tests.Infrastructure;
using BertGen.Training;
using static TorchSharp.torch;

namespace BertGen.Tests.Classification;

/// <summary>
/// Each sequence pipeline end to end on real data from the pretrained MiniLM: <c>FineTuningJob</c> (what
/// <c>bertgen finetune --task</c> runs) trains a short run, and the saved folder, loaded by the predictor that
/// <c>predict</c>/<c>evaluate</c> use, scores the validation data as the trainer did.
/// </summary>
[Collection(TorchRandomnessCollection.Name)]
public sealed class PipelineTrainingTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("bertgen-pipelines-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private string MiniLm()
    {
        var model = MiniLmPackage.ImportTo(Path.Combine(folder, "minilm"));
        return model;
    }

    private static TrainingOptions Short(int maxLength, double learningRate = 5e-5) =>
        new() { Epochs = 1, MaxLength = maxLength, LearningRate = learningRate, WarmupRatio = 0.1, BatchSize = 16, Seed = 7 };

    [Fact]
    public void Sentence_pairs_train_on_mrpc_and_the_predictor_scores_them_as_the_trainer_did()
    {
        var job = new FineTuningJob
        {
            Data = SharedData.File("mrpc/train.tsv"), ValidationData = SharedData.File("mrpc/dev.tsv"), DataOptions = PipelineDataTests.Mrpc with { Clean = false },
            Model = MiniLm(), Output = Path.Combine(folder, "mrpc"), Limit = 400, Training = Short(128),
        };

        var result = job.Run(SilentProgress.Instance, CPU);

        var epoch = Assert.IsType<EpochMetrics>(Assert.Single(result.History));
        var dev = TextDatasets.Read(job.ValidationData, job.DataOptions).Examples;
        using var classifier = TextClassifier.Load(job.Output, new TextClassifierOptions { Device = CPU, MaxLength = 128 });
        var predictions = classifier.Predict(dev.Select(e => e.Text).ToList(), dev.Select(e => e.Pair!).ToList());
        double accuracy = dev.Zip(predictions).Count(x => x.First.Label == x.Second.Label) / (double)dev.Count;
        // The trainer pads batches to a multiple of 8 and the predictor does not: logits differ in the last digits, so
        // at most a near-tie may flip.
        Assert.InRange(accuracy, epoch.ValidationAccuracy - 1.0 / dev.Count, epoch.ValidationAccuracy + 1.0 / dev.Count);
        Assert.True(epoch.ValidationLoss < Math.Log(2), $"validation loss {epoch.ValidationLoss:F4} after an epoch; ln 2 = 0.6931 is a coin");
    }

    [Fact]
    public void Star_ratings_train_as_regression_and_the_saved_folder_predicts_numbers()
    {
        // IMDb's CSV has no ratings; its provenance file gives every row's (1-4, 7-10), so join the first 600.
        var reviews = TextDatasets.Read(SharedData.File("imdb/IMDB_Dataset.csv.gz")).Examples.Take(600).ToList();
        var ratings = Ratings(SharedData.File("imdb/IMDB_Dataset.provenance.tsv.gz"), reviews.Count);
        var data = Path.Combine(folder, "ratings.tsv");
        File.WriteAllLines(data, ["review\trating", .. reviews.Select((r, i) => $"{r.Text.Replace('\t', ' ')}\t{ratings[i]}")]);
        var job = new FineTuningJob
        {
            Data = data, Task = FineTuningTask.Regression, DataOptions = new TextDataOptions { LabelColumn = "rating" }, ValidationFraction = 0.2,
            Model = MiniLm(), Output = Path.Combine(folder, "regression"), Training = Short(64, learningRate: 1e-4) with { Epochs = 2 },
        };

        var result = job.Run(SilentProgress.Instance, CPU);

        var best = Assert.IsType<RegressionMetrics>(result.History.Single(h => h.Epoch == result.BestEpoch));
        Assert.True(best.Pearson > 0.3, $"Pearson {best.Pearson:F3} on 120 held-out reviews");
        Assert.Equal(ProblemType.Regression, BertConfigJson.Load(Path.Combine(job.Output, "config.json")).ProblemType);
        // At the training length: the predictor would otherwise read whole reviews (up to 512 tokens).
        using var regressor = TextClassifier.Load(job.Output, new TextClassifierOptions { Device = CPU, MaxLength = 64 });
        Assert.Equal(ProblemType.Regression, regressor.ProblemType);
        var validation = reviews.Skip(480).ToList();
        var scores = regressor.Predict(validation.Select(r => r.Text).ToList()).Select(p => p.Score!.Value).ToList();
        var pearson = RegressionScores.Compute(scores, ratings.Skip(480).Select(r => (double)r).ToList()).Pearson;
        Assert.Equal(best.Pearson, pearson, 3);
    }

    [Fact]
    public void GoEmotions_trains_as_multi_label_and_the_predictor_chooses_every_class_over_the_threshold()
    {
        var names = SharedData.File("goemotions/emotions.txt");
        var train = Path.Combine(folder, "goemotions-train.tsv");
        File.WriteAllLines(train, File.ReadLines(SharedData.File("goemotions/dev.tsv")).Take(1500));
        var validation = Path.Combine(folder, "goemotions-validation.tsv");
        File.WriteAllLines(validation, File.ReadLines(SharedData.File("goemotions/test.tsv")).Take(300));
        var job = new FineTuningJob
        {
            Data = train, ValidationData = validation, Task = FineTuningTask.MultiLabel, LabelNamesFile = names, Threshold = 0.2,
            DataOptions = PipelineDataTests.GoEmotions with { Clean = false }, Model = MiniLm(), Output = Path.Combine(folder, "goemotions"), Training = Short(48, learningRate: 2e-4),
        };

        var result = job.Run(SilentProgress.Instance, CPU);

        var epoch = Assert.IsType<MultiLabelMetrics>(Assert.Single(result.History));
        Assert.Equal(28, epoch.PerClass.Count);
        // Better than knowing only how often each emotion occurs: the loss of predicting every class's training frequency.
        var emotions = new LabelMap(File.ReadAllLines(names).Where(l => l.Length > 0).ToList());
        var examples = TextDatasets.Read(validation, job.DataOptions).Examples;
        var actual = examples.Select(e => MultiLabels.Targets(e, emotions, ',')).ToList();
        var trainTargets = TextDatasets.Read(train, job.DataOptions).Examples.Select(e => MultiLabels.Targets(e, emotions, ',')).ToList();
        var priors = Enumerable.Range(0, 28).Select(c => Math.Clamp(trainTargets.Average(t => t[c]), 1e-7, 1 - 1e-7)).ToArray();
        double priorLoss = actual.Average(t => t.Select((y, c) => y == 1 ? -Math.Log(priors[c]) : -Math.Log(1 - priors[c])).Average());
        Assert.True(epoch.ValidationLoss < priorLoss, $"validation loss {epoch.ValidationLoss:F4}; predicting each emotion's frequency gives {priorLoss:F4}");
        Assert.True(epoch.MicroF1 > 0, "no emotion was predicted right at threshold 0.2");
        // No threshold given: the folder's record of the one validation used (0.2) decides, not the default 0.5.
        using var classifier = TextClassifier.Load(job.Output, new TextClassifierOptions { Device = CPU, MaxLength = 48 });
        Assert.Equal(0.2, classifier.Threshold);
        Assert.Equal(ProblemType.MultiLabelClassification, classifier.ProblemType);
        Assert.Equal(emotions.Names, classifier.Labels);
        var predicted = classifier.Predict(examples.Select(e => e.Text).ToList()).Select(p => classifier.Labels.Select(p.Labels.Contains).ToArray()).ToList();
        var truth = actual.Select(t => t.Select(y => y == 1).ToArray()).ToList();
        Assert.Equal(epoch.MicroF1, MultiLabelScores.Compute(predicted, truth, classifier.Labels).MicroF1, 2);
    }

    private static List<int> Ratings(string provenance, int rows)
    {
        using var reader = new StreamReader(DataFiles.Open(provenance));
        var header = reader.ReadLine()!.Split('\t');
        int rating = Array.IndexOf(header, "rating");
        return Enumerable.Range(0, rows).Select(_ => int.Parse(reader.ReadLine()!.Split('\t')[rating], CultureInfo.InvariantCulture)).ToList();
    }
}
