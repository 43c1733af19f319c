using System.Text.Json;
using BertGen.Prediction;
using BertGen.Tests.Infrastructure;
using BertGen.Classification;
using BertGen.Training;

namespace BertGen.Tests.Training;

/// <summary>End to end on a tiny configuration: learning works, runs reproduce, and resuming changes nothing.</summary>
[Collection(TorchRandomnessCollection.Name)]
public sealed class TrainerTests : IDisposable
{
    private readonly TinyTrainingRun run = new();

    public void Dispose() => run.Dispose();

    private string Output(string name) => Path.Combine(run.Folder, name);

    [Fact]
    public void A_tiny_model_learns_the_synthetic_reviews_and_writes_its_outputs()
    {
        var output = Output("learn");

        var result = run.Run(output, TinyTrainingRun.Options(epochs: 8));

        var last = result.History[^1];
        Assert.True(last.ValidationAccuracy >= 0.9, $"validation accuracy {last.ValidationAccuracy:P1} after {result.History.Count} epochs; losses {string.Join(", ", result.History.Select(h => h.TrainLoss.ToString("F3")))}; validation {string.Join(", ", result.History.Select(h => $"{h.ValidationLoss:F3}/{h.ValidationAccuracy:P1}"))}");
        Assert.True(last.TrainLoss < result.History[0].TrainLoss);
        Assert.Equal(2, last.PerClass.Count);
        Assert.Equal(run.Validation.Count, last.ConfusionMatrix.Sum(row => row.Sum()));
        Assert.True(last.TokensProcessed >= last.RealTokens && last.RealTokens > 0);
        foreach (var file in new[] { "config.json", "model.safetensors", "vocab.txt", "tokenizer_config.json", "metrics.json", "metrics.csv", "training.png" })
            Assert.True(File.Exists(Path.Combine(output, file)), $"{file} was not written");
        using var metrics = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "metrics.json")));
        Assert.Equal(8, metrics.RootElement.GetArrayLength());
        Assert.Equal(9, File.ReadAllLines(Path.Combine(output, "metrics.csv")).Length);

        using var classifier = TextClassifier.Load(output, TorchSharp.torch.CPU);
        var predictions = classifier.Predict(["The acting was superb. The story was wonderful. Highly recommended.", "The plot was dull. The ending was awful. Avoid it."]);
        Assert.Equal(["positive", "negative"], predictions.Select(p => p.Label));
        Assert.All(predictions, p => Assert.Equal(1.0, p.Probabilities.Values.Sum(), 6));
    }

    [Fact]
    public void Rounding_the_padded_length_adds_only_masked_tokens()
    {
        var unrounded = run.Run(Output("multiple-1"), TinyTrainingRun.Options(epochs: 1) with { PadToMultipleOf = 1 }).History[0];
        var rounded = run.Run(Output("multiple-8"), TinyTrainingRun.Options(epochs: 1) with { PadToMultipleOf = 8 }).History[0];

        Assert.Equal(unrounded.RealTokens, rounded.RealTokens);
        Assert.True(rounded.TokensProcessed > unrounded.TokensProcessed, $"{rounded.TokensProcessed} tokens rounded, {unrounded.TokensProcessed} not");
        // Training itself differs a little: dropout's noise is laid out over the padded shape. Without dropout the
        // extra positions change nothing, as evaluation of one model both ways shows.
        using var model = run.NewModel();
        var options = TinyTrainingRun.Options(epochs: 1);
        var task = new SequenceClassificationTask(run.Tokenizer, run.Labels, options);
        var examples = task.Encode(run.Validation);
        var plain = Trainer.Create(model, task, options with { PadToMultipleOf = 1 }, device: TorchSharp.torch.CPU).Evaluate(examples);
        var padded = Trainer.Create(model, task, options with { PadToMultipleOf = 8 }, device: TorchSharp.torch.CPU).Evaluate(examples);
        Assert.Equal(plain.ValidationLoss, padded.ValidationLoss, 1e-5);
        Assert.Equal(plain.ConfusionMatrix, padded.ConfusionMatrix);
    }

    [Fact]
    public void Bfloat16_mixed_precision_learns_as_well_as_float32_and_saves_float32_weights()
    {
        var options = TinyTrainingRun.Options(epochs: 8);

        var float32 = run.Run(Output("fp32"), options).History[^1];
        var bfloat16 = run.Run(Output("bf16"), options with { Precision = BertGen.Modeling.ComputePrecision.BFloat16 }).History[^1];

        // 480 validation reviews: 2 points is 10 reviews, more than run-to-run noise of one seed, far less than not learning.
        Assert.True(Math.Abs(bfloat16.ValidationAccuracy - float32.ValidationAccuracy) <= 0.02,
            $"validation accuracy {bfloat16.ValidationAccuracy:P1} in bfloat16, {float32.ValidationAccuracy:P1} in float32");
        Assert.True(bfloat16.ValidationAccuracy >= 0.85, $"validation accuracy {bfloat16.ValidationAccuracy:P1} in bfloat16");
        using var weights = BertGen.Checkpoints.SafetensorsReader.Open(Path.Combine(Output("bf16"), "model.safetensors"));
        Assert.All(weights.Tensors.Values, t => Assert.Equal(TorchSharp.torch.ScalarType.Float32, t.DType));
    }

    [Fact]
    public void The_same_seed_gives_the_same_run_and_a_resumed_run_ends_where_an_uninterrupted_one_does()
    {
        var straight = run.Run(Output("straight"), TinyTrainingRun.Options(epochs: 3));
        var again = run.Run(Output("again"), TinyTrainingRun.Options(epochs: 3));

        // Interrupt after the first epoch, then resume in a new model from the checkpoint.
        var interrupted = Output("interrupted");
        using var cancel = new CancellationTokenSource();
        Assert.ThrowsAny<OperationCanceledException>(() => run.Run(interrupted, TinyTrainingRun.Options(epochs: 3), new CancelAfterEpoch(1, cancel), cancel.Token));
        var resumed = run.Run(interrupted, TinyTrainingRun.Options(epochs: 3) with { Resume = true });

        Assert.Equal(straight.History.Select(h => h.ValidationLoss), again.History.Select(h => h.ValidationLoss));
        Assert.Equal(3, resumed.History.Count);
        Assert.Equal(straight.History.Select(h => (h.TrainLoss, h.ValidationLoss, h.ValidationAccuracy)), resumed.History.Select(h => (h.TrainLoss, h.ValidationLoss, h.ValidationAccuracy)));
        Assert.Equal(File.ReadAllBytes(Path.Combine(Output("straight"), "model.safetensors")), File.ReadAllBytes(Path.Combine(interrupted, "model.safetensors")));
    }

    [Fact]
    public void Early_stopping_ends_the_run_when_the_metric_stalls()
    {
        // A learning rate this small moves the weights by rounding noise at most: the loss may still wobble in its
        // last digits, but no prediction changes, so accuracy cannot improve after epoch 1.
        var result = run.Run(Output("stall"), TinyTrainingRun.Options(epochs: 5) with { LearningRate = 1e-9, BestMetric = "accuracy", EarlyStoppingPatience = 1 });

        Assert.True(result.StoppedEarly);
        Assert.True(result.History.Count < 5);
    }
}
