using System.Text.Json.Nodes;
using BertGen.Checkpoints;
using BertGen.MultipleChoice;
using BertGen.Onnx;
using BertGen.Tests.Infrastructure;
using BertGen.Training;
using static TorchSharp.torch;

namespace BertGen.Tests.MultipleChoice;

/// <summary>
/// Multiple-choice training learns what it can learn: PIQA with 1,470 training items stays at chance for MiniLM,
/// which by itself cannot tell a pipeline that learns from one that cannot. Here each item asks which of a
/// positive and a negative UCI review sentence is the positive one (the answer's position shuffled), a question a
/// sentence encoder can learn from a few hundred items (tools/make_sentiment_choices.py writes the full set).
/// </summary>
[Collection(TorchRandomnessCollection.Name)]
public sealed class SentimentChoiceTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("bertgen-choices-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void One_epoch_learns_to_pick_the_positive_review_far_above_chance()
    {
        var data = Path.Combine(folder, "choices.jsonl");
        File.WriteAllLines(data, Items(SharedData.File("uci-sentiment/yelp_labelled.txt"), count: 500).Select(item => item.ToJsonString()));
        var model = MiniLmPackage.ImportTo(Path.Combine(folder, "minilm"));
        var job = new MultipleChoiceJob
        {
            Data = data, Model = model, Output = Path.Combine(folder, "run"), ValidationFraction = 0.2,
            DataOptions = new ChoiceDataOptions { ContextColumn = "question", ChoiceColumns = ["choice0", "choice1"], LabelColumn = "label" },
            Training = new TrainingOptions { Epochs = 1, MaxLength = 64, LearningRate = 5e-5, WarmupRatio = 0.1, BatchSize = 8, Seed = 5 },
        };

        var epoch = Assert.Single(job.Run(SilentProgress.Instance, CPU).History);

        // 100 validation items: chance is 50%, and a head that learned nothing stays within about ±10 of it.
        Assert.True(epoch.ValidationAccuracy >= 0.8, $"validation accuracy {epoch.ValidationAccuracy:P1}");
    }

    /// <summary>Pairs a positive with a negative sentence of the file, the positive one first or second at random.</summary>
    private static IEnumerable<JsonObject> Items(string path, int count)
    {
        var sentences = File.ReadLines(path).Select(line => line.Split('\t')).ToList();
        var positive = sentences.Where(s => s[1].Trim() == "1").Select(s => s[0].Trim());
        var negative = sentences.Where(s => s[1].Trim() == "0").Select(s => s[0].Trim());
        var random = new Random(11);
        foreach (var (good, bad) in positive.Zip(negative).Take(count))
        {
            int answer = random.Next(2);
            yield return new JsonObject
            {
                ["question"] = "Which review is positive?",
                ["choice0"] = answer == 0 ? good : bad,
                ["choice1"] = answer == 0 ? bad : good,
                ["label"] = answer,
            };
        }
    }
}
