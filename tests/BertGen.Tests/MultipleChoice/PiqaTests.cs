using BertGen.Checkpoints;
using BertGen.Data;
using BertGen.MultipleChoice;
using BertGen.Onnx;
using BertGen.Tests.Infrastructure;
using BertGen.Training;
using static TorchSharp.torch;

namespace BertGen.Tests.MultipleChoice;

/// <summary>Multiple choice on PIQA (a goal and two solutions; the answers in a file of their own), from the pretrained MiniLM.</summary>
[Collection(TorchRandomnessCollection.Name)]
public sealed class PiqaTests : IDisposable
{
    private static readonly ChoiceDataOptions s_piqa = new() { ContextColumn = "goal", ChoiceColumns = ["sol1", "sol2"] };

    private readonly string folder = Directory.CreateTempSubdirectory("bertgen-piqa-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void The_labelled_dev_items_read_with_their_answers_from_the_separate_file()
    {
        var items = ChoiceDatasets.Read(SharedData.File("piqa/valid.jsonl"), s_piqa with { LabelsFile = SharedData.File("piqa/valid-labels.lst") });

        Assert.Equal(1838, items.Count);
        Assert.Equal("How do I ready a guinea pig cage for it's new occupants?", items[0].Context);
        Assert.Equal(2, items[0].Choices.Count);
        Assert.Equal(0, items[0].Label);
        Assert.InRange(items.Count(i => i.Label == 1) / (double)items.Count, 0.45, 0.55);

        var shortAnswers = Path.Combine(folder, "answers.lst");
        File.WriteAllLines(shortAnswers, ["0", "1"]);
        var error = Assert.Throws<DataException>(() => ChoiceDatasets.Read(SharedData.File("piqa/valid.jsonl"), s_piqa with { LabelsFile = shortAnswers }));
        Assert.Contains("answers.lst: has 2 answers, fewer than the lines of", error.Message);
        File.WriteAllLines(shortAnswers, ["0", "2"]);
        error = Assert.Throws<DataException>(() => ChoiceDatasets.Read(SharedData.File("piqa/valid.jsonl"), s_piqa with { LabelsFile = shortAnswers }));
        Assert.Contains("answers.lst:2: the answer \"2\" is not a choice index 0..1", error.Message);
    }

    [Fact]
    public void A_short_run_trains_the_multiple_choice_head_and_the_saved_folder_scores_as_the_trainer_did()
    {
        var data = Path.Combine(folder, "piqa.jsonl");
        var answers = Path.Combine(folder, "piqa-labels.lst");
        File.WriteAllLines(data, File.ReadLines(SharedData.File("piqa/valid.jsonl")).Take(400));
        File.WriteAllLines(answers, File.ReadLines(SharedData.File("piqa/valid-labels.lst")).Take(400));
        var model = MiniLmPackage.ImportTo(Path.Combine(folder, "minilm"));
        var job = new MultipleChoiceJob
        {
            Data = data, DataOptions = s_piqa with { LabelsFile = answers }, ValidationFraction = 0.25, Model = model, Output = Path.Combine(folder, "run"),
            Training = new TrainingOptions { Epochs = 1, MaxLength = 64, LearningRate = 5e-5, WarmupRatio = 0.1, BatchSize = 16, Seed = 3 },
        };

        var result = job.Run(SilentProgress.Instance, CPU);

        var epoch = Assert.Single(result.History);
        // The validation items are the job's seeded share; score them with the saved folder, choice by choice.
        var items = ChoiceDatasets.Read(data, job.DataOptions).ToArray();
        new Random(job.Training.Seed).Shuffle(items);
        var validation = items[..100];
        using var predictor = MultipleChoicePredictor.Load(job.Output, new BertGen.Prediction.TextClassifierOptions { Device = CPU, MaxLength = 64 });
        var picks = predictor.Predict(validation);
        int correct = validation.Zip(picks).Count(x => x.First.Label == x.Second.Choice);
        Assert.All(picks, p => Assert.Equal(1.0, p.Probabilities.Sum(), 9));
        Assert.True(MultipleChoicePredictor.IsMultipleChoiceFolder(job.Output));
        Assert.InRange(correct / 100.0, epoch.ValidationAccuracy - 0.01, epoch.ValidationAccuracy + 0.01);
        Assert.True(double.IsFinite(epoch.ValidationLoss) && epoch.TrainLoss > 0);
    }
}
