using System.Text.Json;
using BertGen.Checkpoints;
using BertGen.Data;
using BertGen.Modeling;
using BertGen.Models;
using BertGen.Prediction;
using BertGen.Tests.Infrastructure;
using BertGen.Tokenization;
using BertGen.Classification;
using BertGen.Training;
using static TorchSharp.torch;

namespace BertGen.Tests.Prediction;

/// <summary>
/// Texts get the preprocessing the model folder records: none for a folder BertGen did not train (as Hugging Face's
/// pipelines give texts to the tokenizer), the recorded cleaning for one it trained, and an explicit choice overrides both.
/// </summary>
[Collection(TorchRandomnessCollection.Name)]
public sealed class PreprocessingTests : IDisposable
{
    internal const string Review = "Über-café <br />scenes: 10/10 — would watch again.";

    private readonly string folder = Directory.CreateTempSubdirectory("bertgen-preprocessing-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    /// <summary>A 3-label classifier saved as a Hugging Face folder without BertGen's record, as a third-party checkpoint is.</summary>
    internal static string ThirdPartyFolder(string parent) =>
        UntrainedClassifiers.Save(parent, "third-party", [Review, TextCleaning.Clean(Review)], seed: 23, maxPositions: 64);

    /// <summary>The folder's model on <paramref name="text"/> through its tokenizer alone: the reference, with no cleaning anywhere.</summary>
    internal static double[] Reference(string modelFolder, string text)
    {
        var tokenizer = BertTokenizer.FromFolder(modelFolder);
        using var model = BertForSequenceClassification.FromPretrained(modelFolder, out _);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var ids = tensor(tokenizer.Encode(text).InputIds.Select(i => (long)i).ToArray()).unsqueeze(0);
        return nn.functional.softmax(model.Forward(new BertInputs(ids, ones_like(ids))).Logits, -1).to_type(ScalarType.Float64).data<double>().ToArray();
    }

    private static double[] Probabilities(TextClassifier classifier, string text)
    {
        var prediction = classifier.Predict(text);
        return classifier.Labels.Select(label => prediction.Probabilities[label]).ToArray();
    }

    internal static void AssertClose(double[] expected, double[] actual, double tolerance = 1e-6) =>
        Assert.True(expected.Zip(actual).All(p => Math.Abs(p.First - p.Second) <= tolerance), $"expected [{string.Join(", ", expected)}], got [{string.Join(", ", actual)}]");

    [Fact]
    public void A_folder_without_the_record_gives_texts_to_the_tokenizer_as_they_are()
    {
        var model = ThirdPartyFolder(folder);
        var raw = Reference(model, Review);
        var cleaned = Reference(model, TextCleaning.Clean(Review));
        Assert.True(raw.Zip(cleaned).Max(p => Math.Abs(p.First - p.Second)) > 1e-3, $"the <br /> tag should change this model's probabilities: [{string.Join(", ", raw)}] and [{string.Join(", ", cleaned)}]");

        using var classifier = TextClassifier.Load(model, CPU);

        Assert.False(File.Exists(Path.Combine(model, ModelFolder.PreprocessingFile)));
        Assert.Equal(TextPreprocessing.None, classifier.Preprocessing);
        AssertClose(raw, Probabilities(classifier, Review));
    }

    [Fact]
    public void Clean_overrides_what_the_folder_records_either_way()
    {
        var model = ThirdPartyFolder(folder);

        using var cleaning = TextClassifier.Load(model, new TextClassifierOptions { Device = CPU, Clean = true });
        File.WriteAllText(Path.Combine(model, ModelFolder.PreprocessingFile), "{\"bertgen_preprocessing_version\": 1, \"clean_text\": true}");
        using var recorded = TextClassifier.Load(model, CPU);
        using var notCleaning = TextClassifier.Load(model, new TextClassifierOptions { Device = CPU, Clean = false });

        AssertClose(Reference(model, TextCleaning.Clean(Review)), Probabilities(cleaning, Review));
        AssertClose(Reference(model, TextCleaning.Clean(Review)), Probabilities(recorded, Review));
        AssertClose(Reference(model, Review), Probabilities(notCleaning, Review));
    }

    [Theory]
    [InlineData("{\"bertgen_preprocessing_version\": 1, \"clean_text\": true, \"lowercase_urls\": true}", "has the field \"lowercase_urls\", which this version of BertGen does not know")]
    [InlineData("{\"bertgen_preprocessing_version\": 2, \"clean_text\": true}", "\"bertgen_preprocessing_version\" must be 1 (got 2)")]
    [InlineData("{\"bertgen_preprocessing_version\": 1, \"clean_text\": \"yes\"}", "\"clean_text\" must be true or false (got \"yes\")")]
    [InlineData("{\"bertgen_preprocessing_version\": 1,", "is not valid JSON")]
    public void A_record_that_cannot_be_applied_exactly_is_an_error_naming_the_file(string record, string expected)
    {
        var path = Path.Combine(folder, ModelFolder.PreprocessingFile);
        File.WriteAllText(path, record);

        var error = Assert.Throws<CheckpointException>(() => ModelFolder.ReadPreprocessing(folder));

        Assert.StartsWith($"{path}: ", error.Message);
        Assert.Contains(expected, error.Message);
    }

    [Theory]
    [InlineData("{\"bertgen_prediction_version\": 1, \"multi_label_threshold\": 1.5}", "\"multi_label_threshold\" must be a probability between 0 and 1 (got 1.5)")]
    [InlineData("{\"bertgen_prediction_version\": 1}", "\"multi_label_threshold\" must be a probability between 0 and 1 (got nothing)")]
    [InlineData("{\"bertgen_prediction_version\": 1, \"multi_label_threshold\": 0.3, \"top_k\": 2}", "has the field \"top_k\", which this version of BertGen does not know")]
    [InlineData("[0.3]", "expected a JSON object")]
    public void A_prediction_record_that_cannot_be_applied_exactly_is_an_error_naming_the_file(string record, string expected)
    {
        var path = Path.Combine(folder, ModelFolder.PredictionFile);
        File.WriteAllText(path, record);

        var error = Assert.Throws<CheckpointException>(() => ModelFolder.ReadMultiLabelThreshold(folder));

        Assert.StartsWith($"{path}: ", error.Message);
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void A_bertgen_training_run_records_its_cleaning_and_prediction_applies_it()
    {
        var data = Path.Combine(folder, "reviews.csv");
        var reviews = SyntheticReviews.Generate(300, seed: 5);
        File.WriteAllLines(data, ["review,sentiment", .. reviews.Select(r => $"\"{r.Text}\",{r.Label}")]);
        var vocabulary = Path.Combine(folder, "vocab.txt");
        WordVocabulary.Write(vocabulary, [.. reviews.Select(r => r.Text), Review]);
        var cleanedRun = Path.Combine(folder, "cleaned");
        var rawRun = Path.Combine(folder, "raw");
        var job = new FineTuningJob
        {
            Data = data, Vocabulary = vocabulary, Size = "tiny", Output = cleanedRun,
            Training = new TrainingOptions { Epochs = 1, BatchSize = 32, MaxLength = 64, LearningRate = 1e-3 },
        };

        job.Run(SilentProgress.Instance, CPU);
        (job with { Output = rawRun, DataOptions = new TextDataOptions { Clean = false } }).Run(SilentProgress.Instance, CPU);

        using (var record = JsonDocument.Parse(File.ReadAllText(Path.Combine(cleanedRun, ModelFolder.PreprocessingFile))))
            Assert.True(record.RootElement.GetProperty("clean_text").GetBoolean());
        Assert.True(File.Exists(Path.Combine(rawRun, ModelFolder.PreprocessingFile)), "a run that did not clean records that too");
        Assert.Equal(TextPreprocessing.None, ModelFolder.ReadPreprocessing(rawRun));
        using var classifier = TextClassifier.Load(cleanedRun, CPU);
        using var rawClassifier = TextClassifier.Load(rawRun, CPU);
        Assert.True(classifier.Clean);
        Assert.False(rawClassifier.Clean);
        AssertClose(Reference(cleanedRun, TextCleaning.Clean(Review)), Probabilities(classifier, Review));
        AssertClose(Reference(rawRun, Review), Probabilities(rawClassifier, Review));
    }

    [Fact]
    public void Saving_without_a_record_removes_a_stale_one()
    {
        var model = ThirdPartyFolder(folder);
        File.WriteAllText(Path.Combine(model, ModelFolder.PreprocessingFile), "{\"bertgen_preprocessing_version\": 1, \"clean_text\": true}");
        using var loaded = BertForSequenceClassification.FromPretrained(model, out _);

        loaded.SavePretrained(model, new ModelFolderOptions { VocabularyPath = Path.Combine(folder, "third-party-vocab.txt") });

        Assert.False(File.Exists(Path.Combine(model, ModelFolder.PreprocessingFile)));
    }
}
