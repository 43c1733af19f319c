using BertGen.Checkpoints;
using BertGen.Onnx;
using BertGen.Prediction;
using BertGen.Tests.Infrastructure;
using BertGen.TokenClassification;
using BertGen.Training;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace BertGen.Tests.TokenClassification;

/// <summary>Named entities on a slice of CoNLL-2003 from the imported MiniLM: trained by the one trainer, scored as seqeval scores, and the saved folder tags raw text.</summary>
[Collection(TorchRandomnessCollection.Name)]
public sealed class NerTrainingTests(ITestOutputHelper output) : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("bertgen-ner-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [SkippableFact]
    public void A_short_run_learns_entities_and_the_saved_folder_finds_them_in_raw_text()
    {
        var model = MiniLmPackage.ImportTo(Path.Combine(folder, "minilm"));
        var validation = Path.Combine(folder, "valid.jsonl");
        var validSentences = TaggedDatasets.Read(SharedData.File("conll2003/valid.txt.gz")).Sentences.Take(300).ToList();
        File.WriteAllLines(validation, validSentences.Select(s => System.Text.Json.JsonSerializer.Serialize(new { tokens = s.Words, tags = s.Tags })));
        var job = new TokenClassificationJob
        {
            Data = SharedData.File("conll2003/train.txt.gz"), Limit = 1500, ValidationData = validation, Model = model, Output = Path.Combine(folder, "run"),
            Training = new TrainingOptions { Epochs = 1, MaxLength = 64, LearningRate = 3e-4, WarmupRatio = 0.1, BatchSize = 8, Seed = 7 },
        };

        var epoch = Assert.Single(job.Run(SilentProgress.Instance, CPU).History);

        // 300 sentences hold about 500 entities; a head that learned nothing finds none (F1 0).
        Assert.True(epoch.F1 > 0.6, $"entity F1 {epoch.F1:F3}");
        Assert.Contains(epoch.PerType, t => t.Label == "PER" && t.F1 > 0.6);

        using var tagger = EntityTagger.Load(job.Output, new TextClassifierOptions { Device = CPU, MaxLength = 64 });
        // The saved folder scores the validation words as the trainer did.
        var scores = EntityScores.Compute(validSentences.Select(s => s.Tags).ToList(), tagger.PredictWordTags(validSentences.Select(s => s.Words).ToList()));
        Assert.Equal(epoch.F1, scores.Micro.F1, 6);
        const string text = "Angela Merkel met Emmanuel Macron in Paris on Monday.";
        var entities = tagger.Predict(text);
        Assert.Contains(entities, e => e.Type == "PER" && e.Text == "Angela Merkel" && e.Start == 0 && e.End == 13);
        Assert.Contains(entities, e => e.Type == "LOC" && e.Text == "Paris" && text[e.Start..e.End] == "Paris");
        Assert.All(entities, e => Assert.InRange(e.Score, 0.0, 1.0));
    }

    [SkippableFact]
    public void Without_a_model_a_fresh_tiny_tagger_learns_from_scratch_over_the_given_vocabulary()
    {
        var job = new TokenClassificationJob
        {
            Data = SharedData.File("conll2003/train.txt.gz"), Limit = 2000, ValidationFraction = 0.2, Output = Path.Combine(folder, "tiny"),
            Vocabulary = SharedData.File("vocab/bert-base-uncased-vocab.txt"), Size = "tiny",
            Training = new TrainingOptions { Epochs = 2, MaxLength = 64, LearningRate = 1e-3, WarmupRatio = 0.1, BatchSize = 16, Seed = 7 },
        };

        var history = job.Run(SilentProgress.Instance, CPU).History;

        var last = history[^1];
        output.WriteLine(string.Join("; ", history.Select(e => $"loss {e.ValidationLoss:F4}, accuracy {e.Accuracy:F4}, F1 {e.F1:F4}")));
        // Tags spread evenly over the 9 tags would cost ln 9 = 2.20; a fresh model starts there and learns the words'
        // tags. Measured: loss 0.509 then 0.405, entity F1 0.395 then 0.514.
        Assert.True(last.ValidationLoss < 0.6, $"validation loss {last.ValidationLoss:F4}");
        Assert.True(last.F1 > 0.3, $"entity F1 {last.F1:F4}");
        using var tagger = EntityTagger.Load(job.Output, new TextClassifierOptions { Device = CPU });
        Assert.Equal(9, tagger.Tags.Count);
        Assert.Equal(30522, tagger.Tokenizer.VocabularySize);
        var saved = BertGen.Modeling.BertConfigJson.Load(Path.Combine(job.Output, CheckpointFiles.Config));
        Assert.Equal((2, 128, 2), (saved.NumHiddenLayers, saved.HiddenSize, saved.NumAttentionHeads)); // BERT-Tiny
    }
}
