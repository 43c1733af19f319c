using BertGen.Data;
using BertGen.Modeling;
using BertGen.Models;
using BertGen.Prediction;
using BertGen.Tests.Infrastructure;
using BertGen.Tokenization;
using BertGen.Classification;
using BertGen.Training;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace BertGen.Tests.Prediction;

/// <summary>bfloat16 inference agrees with float32 on real text; the maximum length truncates; bad settings are named.</summary>
[Collection(TorchRandomnessCollection.Name)]
public sealed class InferenceOptionsTests(ITestOutputHelper output) : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("bertgen-inference-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private static readonly TextDataOptions s_uci = new() { HasHeader = false, TextColumn = "0", LabelColumn = "1", Delimiter = '\t' };

    [SkippableFact]
    public void Bfloat16_predictions_agree_with_float32_on_real_sentences()
    {
        // The UCI sentences (IMDb, Amazon and Yelp, 3,000 real sentences): a tiny model trained from scratch on
        // two thirds of them, scored on all in both precisions.
        var files = new[] { "imdb_labelled.txt", "amazon_cells_labelled.txt", "yelp_labelled.txt" }.Select(f => SharedData.File($"uci-sentiment/{f}")).ToList();
        var sentences = files.SelectMany(f => TextDatasets.Read(f, s_uci).Examples).ToList();
        var vocabulary = Path.Combine(folder, "vocab.txt");
        WordVocabulary.Write(vocabulary, sentences.Select(s => s.Text));
        var tokenizer = BertTokenizer.FromVocabulary(vocabulary);
        var labels = LabelMap.FromData(sentences);
        var model = Path.Combine(folder, "model");
        manual_seed(3);
        using (var fresh = BertForSequenceClassification.Create(new BertConfig
        {
            NumHiddenLayers = 2, NumAttentionHeads = 4, HiddenSize = 64, IntermediateSize = 128, VocabSize = tokenizer.VocabularySize,
            MaxPositionEmbeddings = 96, NumLabels = labels.Count, LabelNames = labels.Names,
        }))
        {
            var options = new TrainingOptions { Epochs = 2, LearningRate = 1e-3, WarmupRatio = 0.1, BatchSize = 32, MaxLength = 96, Seed = 5 };
            var task = new SequenceClassificationTask(tokenizer, labels, options);
            Trainer.Create(fresh, task, options, device: CPU).Train(
                task.Encode(sentences.Where((_, i) => i % 3 != 2).ToList()), task.Encode(sentences.Where((_, i) => i % 3 == 2).Take(100).ToList()), model);
        }
        var texts = sentences.Select(s => s.Text).ToList();

        using var float32 = TextClassifier.Load(model, CPU);
        using var bfloat16 = TextClassifier.Load(model, new TextClassifierOptions { Device = CPU, Precision = ComputePrecision.BFloat16, BatchSize = 64 });
        var expected = float32.Predict(texts);
        var actual = bfloat16.Predict(texts);

        var differences = expected.Zip(actual).Select(p => Math.Abs(p.First.Probabilities["1"] - p.Second.Probabilities["1"])).Order().ToList();
        double accuracy = expected.Zip(sentences).Count(p => p.First.Label == p.Second.Label) / (double)texts.Count;
        var disagreements = Enumerable.Range(0, texts.Count).Where(i => expected[i].Label != actual[i].Label).ToList();
        double closest = expected.Min(p => Math.Abs(p.Probabilities["1"] - 0.5));
        output.WriteLine($"float32 accuracy {accuracy:P2}; |p_bf16 - p_fp32| median {differences[differences.Count / 2]:E2}, 99th percentile {differences[(int)(differences.Count * 0.99)]:E2}, max {differences[^1]:E2}; "
            + $"closest float32 probability to 0.5: {closest:E2}; label disagreements {disagreements.Count}");
        Assert.Equal(ComputePrecision.BFloat16, bfloat16.Precision);
        // Labels agree wherever float32 is further than the tolerance from a tie (measured: everywhere).
        Assert.DoesNotContain(disagreements, i => Math.Abs(expected[i].Probabilities["1"] - 0.5) > Tolerance);
        Assert.True(differences[^1] > 0, "bfloat16 rounds somewhere: identical probabilities mean the model ran in float32");
        Assert.True(differences[^1] <= Tolerance, $"the largest probability difference is {differences[^1]:E2}");
    }

    /// <summary>
    /// Measured on this test's model: the largest |p_bf16 - p_fp32| over the 3,000 sentences was 3.7e-3 (99th
    /// percentile 1.2e-3, median 5e-5), and 4.4e-3 with a third training epoch. bfloat16 keeps 8 mantissa bits, a
    /// relative rounding of up to 2^-9 = 0.2% on each dense layer's inputs and weights; 0.01 leaves 2.3x the
    /// largest measured difference for other CPUs' kernels while still catching a broken conversion, which moves
    /// probabilities by tenths; a conversion that did not happen shows as no difference at all.
    /// </summary>
    private const double Tolerance = 0.01;

    [Fact]
    public void The_maximum_length_truncates_texts()
    {
        var model = PreprocessingTests.ThirdPartyFolder(folder);
        var start = "would watch again would watch again";
        var (shorter, longer) = (start + " scenes", start + " café 10");

        using var eight = TextClassifier.Load(model, new TextClassifierOptions { Device = CPU, MaxLength = 8 });
        using var full = TextClassifier.Load(model, CPU);
        var truncated = eight.Predict([shorter, longer]);
        var whole = full.Predict([shorter, longer]);

        Assert.Equal(8, eight.MaxLength);
        Assert.Equal(64, full.MaxLength);
        // The first six words fill the 8 tokens with [CLS] and [SEP]: what follows them no longer counts.
        PreprocessingTests.AssertClose([.. truncated[0].Probabilities.Values], [.. truncated[1].Probabilities.Values]);
        PreprocessingTests.AssertClose(PreprocessingTests.Reference(model, start), [.. truncated[0].Probabilities.Values]);
        Assert.NotEqual(whole[0].Probabilities["neutral"], whole[1].Probabilities["neutral"]);
    }

    [Theory]
    [InlineData(2, 32, "the maximum length must be from 3 ([CLS], a token, [SEP]) to the model's 64 positions (got 2)")]
    [InlineData(65, 32, "the maximum length must be from 3 ([CLS], a token, [SEP]) to the model's 64 positions (got 65)")]
    [InlineData(null, 0, "the batch size must be at least 1 (got 0)")]
    public void Out_of_range_settings_are_named(int? maxLength, int batchSize, string expected)
    {
        var model = PreprocessingTests.ThirdPartyFolder(folder);

        var error = Assert.Throws<ArgumentException>(() => TextClassifier.Load(model, new TextClassifierOptions { Device = CPU, MaxLength = maxLength, BatchSize = batchSize }));

        Assert.Equal(expected, error.Message);
    }
}
