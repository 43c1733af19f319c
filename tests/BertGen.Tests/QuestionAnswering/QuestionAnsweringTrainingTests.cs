using BertGen.Checkpoints;
using BertGen.Modeling;
using BertGen.Models;
using BertGen.Onnx;
using BertGen.Prediction;
using BertGen.QuestionAnswering;
using BertGen.Tests.Infrastructure;
using BertGen.Tokenization;
using BertGen.Training;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace BertGen.Tests.QuestionAnswering;

/// <summary>
/// Question answering on a slice of SQuAD v1.1 dev, split by article, from the imported MiniLM: trained by the one
/// trainer, scored as the official script scores, and the saved folder answers as the trainer scored it.
/// </summary>
[Collection(TorchRandomnessCollection.Name)]
public sealed class QuestionAnsweringTrainingTests(ITestOutputHelper output) : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("bertgen-qa-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [SkippableFact]
    public void A_short_run_learns_to_answer_held_out_articles_and_the_saved_folder_answers_as_it_was_scored()
    {
        var model = MiniLmPackage.ImportTo(Path.Combine(folder, "minilm"));
        var training = new TrainingOptions { Epochs = 1, MaxLength = 192, LearningRate = 1e-4, WarmupRatio = 0.1, BatchSize = 8, Seed = 7 };
        const int stride = 64;
        var job = new QuestionAnsweringJob
        {
            Data = SharedData.File("squad/dev-v1.1.json.gz"), Limit = 1000, ValidationLimit = 150, Stride = stride, Model = model, Output = Path.Combine(folder, "run"), Training = training,
        };
        var (_, heldOut) = SquadDatasets.SplitByArticle(SquadDatasets.Read(job.Data).Examples, job.ValidationFraction, training.Seed);
        var validation = heldOut.Take(150).ToList();
        var untrained = Untrained(model, validation, training, stride);

        var epoch = Assert.Single(job.Run(SilentProgress.Instance, CPU).History);

        // An untrained head scores a few points by chance overlap, and its span loss is about ln(window length). One
        // epoch on 1,000 questions is the start of learning (the full run in the README goes much further).
        string figures = $"F1 {untrained.F1:F2} -> {epoch.F1:F2}, exact match {untrained.ExactMatch:F2} -> {epoch.ExactMatch:F2}, loss {untrained.ValidationLoss:F3} -> {epoch.ValidationLoss:F3}";
        output.WriteLine(figures);
        // Measured at this commit: F1 6.48 -> 14.64, exact match 0 -> 8.67, loss 5.075 -> 3.862.
        Assert.True(epoch.ValidationLoss < untrained.ValidationLoss - 0.75, figures);
        Assert.True(epoch.F1 > untrained.F1 + 5, figures);
        Assert.True(epoch.ExactMatch > untrained.ExactMatch + 4, figures);
        Assert.Equal(150, epoch.Questions);

        using var answerer = QuestionAnswerer.Load(job.Output, new TextClassifierOptions { Device = CPU });
        Assert.Equal(192, answerer.MaxLength); // the length it was trained at, from its tokenizer_config.json
        var answers = answerer.Answer(validation, stride: stride);
        // The saved folder answers the held-out questions as the trainer scored them.
        Assert.Equal(epoch.F1, QuestionAnsweringMetrics.From(answers, 0, false).F1, 6);
        Assert.All(answers, a => Assert.Equal(a.Example.Context[a.Answer.Start..a.Answer.End], a.Answer.Text));
        Assert.All(answers, a => Assert.InRange(a.Answer.Score, 0.0, 1.0));
    }

    // The same validation windows scored by the same model with its freshly initialised head, before any training.
    private static QuestionAnsweringMetrics Untrained(string folder, List<SquadExample> validation, TrainingOptions training, int stride)
    {
        manual_seed(training.Seed);
        using var model = BertForQuestionAnswering.Create(BertConfigJson.Load(Path.Combine(folder, CheckpointFiles.Config)) with { Architecture = null });
        model.LoadWeights(folder);
        var task = new QuestionAnsweringTask(BertTokenizer.FromFolder(folder), training, stride);
        return Trainer.Create(model, task, training, SilentProgress.Instance, CPU).Evaluate(task.Encode(validation));
    }
}
