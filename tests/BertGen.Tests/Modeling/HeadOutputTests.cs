using BertGen.Modeling;
using static TorchSharp.torch;

namespace BertGen.Tests.Modeling;

/// <summary>Every head's typed forward: output shapes, and a finite loss when labels are given.</summary>
public class HeadOutputTests
{
    private const int B = TestInputs.Batch, L = TestInputs.Length, H = 64, V = 300;

    private static void AssertLoss(Tensor? loss)
    {
        Assert.NotNull(loss);
        Assert.Equal(0, loss!.dim());
        Assert.True(float.IsFinite(loss.item<float>()) && loss.item<float>() > 0);
    }

    [Fact]
    public void Encoder_returns_hidden_states_and_pooled_output()
    {
        manual_seed(1);
        using var scope = NewDisposeScope();
        using var model = new TinyEncoder();

        var output = model.Forward(TestInputs.Padded() with { OutputHiddenStates = true });

        Assert.Equal(new long[] { B, L, H }, output.LastHiddenState.shape);
        Assert.Equal(new long[] { B, H }, output.PooledOutput!.shape);
        Assert.Equal(3, output.HiddenStates!.Count); // embeddings + 2 layers
        Assert.True(output.HiddenStates[^1].allclose(output.LastHiddenState));
    }

    [Fact]
    public void Sequence_classifier_gives_logits_per_label_and_cross_entropy()
    {
        manual_seed(2);
        using var scope = NewDisposeScope();
        using var model = new TinyClassifier();
        var labels = tensor(new long[] { 2, 0 });

        var output = model.Forward(TestInputs.Padded(), labels);

        Assert.Equal(new long[] { B, 3 }, output.Logits.shape);
        AssertLoss(output.Loss);
        var expected = nn.functional.cross_entropy(output.Logits, labels);
        Assert.Equal(expected.item<float>(), output.Loss!.item<float>(), 5);
        Assert.Null(model.Forward(TestInputs.Padded()).Loss);
    }

    [Fact]
    public void One_label_is_regression_with_mean_squared_error()
    {
        manual_seed(3);
        using var scope = NewDisposeScope();
        using var model = new TinyRegressor();
        var targets = tensor(new float[] { 0.5f, -1.25f });

        var output = model.Forward(TestInputs.Padded(), targets);

        Assert.Equal(new long[] { B, 1 }, output.Logits.shape);
        var expected = (output.Logits.squeeze() - targets).pow(2).mean();
        Assert.Equal(expected.item<float>(), output.Loss!.item<float>(), 5);
    }

    [Fact]
    public void Token_classifier_ignores_labels_of_minus_100()
    {
        manual_seed(4);
        using var scope = NewDisposeScope();
        using var model = new TinyTagger();
        var labels = full(B, L, -100L, dtype: ScalarType.Int64);
        labels[0, 1] = tensor(3L);
        labels[1, 2] = tensor(1L);

        var output = model.Forward(TestInputs.Padded(), labels);

        Assert.Equal(new long[] { B, L, 5 }, output.Logits.shape);
        var logProbabilities = output.Logits.log_softmax(-1);
        var expected = -(logProbabilities[0, 1, 3] + logProbabilities[1, 2, 1]) / 2;
        Assert.Equal(expected.item<float>(), output.Loss!.item<float>(), 5);
    }

    [Fact]
    public void Question_answering_gives_start_and_end_logits_and_span_loss()
    {
        manual_seed(5);
        using var scope = NewDisposeScope();
        using var model = new TinyReader();
        var starts = tensor(new long[] { 2, 1 });
        var ends = tensor(new long[] { 4, 99 }); // beyond the sequence: clamped and ignored

        var output = model.Forward(TestInputs.Padded(), starts, ends);

        Assert.Equal(new long[] { B, L }, output.StartLogits.shape);
        Assert.Equal(new long[] { B, L }, output.EndLogits.shape);
        var startLoss = nn.functional.cross_entropy(output.StartLogits, starts);
        var endLoss = -output.EndLogits.log_softmax(-1)[0, 4];
        Assert.Equal(((startLoss + endLoss) / 2).item<float>(), output.Loss!.item<float>(), 5);
    }

    [Fact]
    public void Masked_lm_predicts_the_vocabulary_and_scores_masked_positions_only()
    {
        manual_seed(6);
        using var scope = NewDisposeScope();
        using var model = new TinyMaskedLM();
        var labels = full(B, L, -100L, dtype: ScalarType.Int64);
        labels[0, 3] = tensor(99L);

        var output = model.Forward(TestInputs.Padded(), labels);

        Assert.Equal(new long[] { B, L, V }, output.Logits.shape);
        Assert.Equal((-output.Logits.log_softmax(-1)[0, 3, 99]).item<float>(), output.Loss!.item<float>(), 5);
    }

    [Fact]
    public void Next_sentence_prediction_gives_two_logits()
    {
        manual_seed(7);
        using var scope = NewDisposeScope();
        using var model = new TinyNextSentence();

        var output = model.Forward(TestInputs.Padded(), tensor(new long[] { 0, 1 }));

        Assert.Equal(new long[] { B, 2 }, output.Logits.shape);
        AssertLoss(output.Loss);
    }

    [Fact]
    public void Pretraining_loss_is_the_sum_of_masked_lm_and_next_sentence_losses()
    {
        manual_seed(8);
        using var scope = NewDisposeScope();
        using var model = new TinyPretraining();
        model.eval();
        var labels = full(B, L, -100L, dtype: ScalarType.Int64);
        labels[1, 2] = tensor(5L);
        var nextSentence = tensor(new long[] { 1, 0 });

        var output = model.Forward(TestInputs.Padded(), labels, nextSentence);

        Assert.Equal(new long[] { B, L, V }, output.PredictionLogits.shape);
        Assert.Equal(new long[] { B, 2 }, output.SeqRelationshipLogits.shape);
        var expected = -output.PredictionLogits.log_softmax(-1)[1, 2, 5] + nn.functional.cross_entropy(output.SeqRelationshipLogits, nextSentence);
        Assert.Equal(expected.item<float>(), output.Loss!.item<float>(), 5);
    }

    [Fact]
    public void Multiple_choice_scores_each_choice()
    {
        manual_seed(9);
        using var scope = NewDisposeScope();
        using var model = new TinyChooser();
        var single = TestInputs.Padded();
        // (batch 1, choices 2, sequence): the two rows of the fixed batch as two choices.
        var inputs = new BertInputs(single.InputIds.unsqueeze(0), single.AttentionMask!.unsqueeze(0), single.TokenTypeIds!.unsqueeze(0));

        var output = model.Forward(inputs, tensor(new long[] { 1 }));

        Assert.Equal(new long[] { 1, 2 }, output.Logits.shape);
        AssertLoss(output.Loss);
        var error = Assert.Throws<ArgumentException>(() => model.Forward(single));
        Assert.Contains("(batch, choices, sequence)", error.Message);
    }

    [Fact]
    public void Inputs_longer_than_the_positions_are_rejected_with_a_clear_error()
    {
        using var scope = NewDisposeScope();
        using var model = new TinyEncoder();

        var error = Assert.Throws<ArgumentException>(() => model.Forward(new BertInputs(zeros(1, 65, dtype: ScalarType.Int64))));

        Assert.Contains("65 tokens", error.Message);
        Assert.Contains("at most 64", error.Message);
    }
}
