using BertGen.Modeling;
using static TorchSharp.torch;

namespace BertGen.Tests.Modeling;

/// <summary>The module tree behaves as BERT: masking, modes, sizes, names, initialisation, tying.</summary>
public class ArchitectureTests
{
    [Fact]
    public void Appending_padding_leaves_the_real_positions_unchanged()
    {
        manual_seed(11);
        using var scope = NewDisposeScope();
        using var model = new TinyEncoder();
        model.eval();
        var (plainInputs, paddedInputs) = TestInputs.WithAndWithoutPadding();

        var plain = model.Forward(plainInputs);
        var withPadding = model.Forward(paddedInputs);

        var maxDifference = (withPadding.LastHiddenState[.., ..5] - plain.LastHiddenState).abs().max().item<float>();
        Assert.True(maxDifference < 1e-5, $"real positions moved by {maxDifference}");
        Assert.True((withPadding.PooledOutput! - plain.PooledOutput!).abs().max().item<float>() < 1e-5);
    }

    [Fact]
    public void Dropout_is_active_only_in_training_mode()
    {
        manual_seed(12);
        using var scope = NewDisposeScope();
        using var model = new TinyClassifier();
        var inputs = TestInputs.Padded();

        model.eval();
        var evalA = model.Forward(inputs).Logits;
        var evalB = model.Forward(inputs).Logits;
        model.train();
        var trainA = model.Forward(inputs).Logits;
        var trainB = model.Forward(inputs).Logits;

        Assert.True(evalA.allclose(evalB, rtol: 0, atol: 0), "eval mode must be deterministic");
        Assert.False(trainA.allclose(trainB), "training mode must apply dropout");
    }

    [Fact]
    public void Fused_attention_equals_the_explicit_formula()
    {
        manual_seed(13);
        using var scope = NewDisposeScope();
        var q = randn(2, 4, 10, 16);
        var k = randn(2, 4, 10, 16);
        var v = randn(2, 4, 10, 16);
        var mask = AttentionMasks.ToAdditive(tensor(new long[] { 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0 }).reshape(2, 10), ScalarType.Float32);

        var fused = nn.functional.scaled_dot_product_attention(q, k, v, mask);
        var explicitAttention = (q.matmul(k.transpose(-1, -2)) / Math.Sqrt(16) + mask).softmax(-1).matmul(v);

        Assert.True(fused.allclose(explicitAttention, rtol: 1e-5, atol: 1e-6));
    }

    [Theory]
    [InlineData(typeof(BertBaseEncoder), 109_482_240L)]
    [InlineData(typeof(BertBaseClassifier), 109_483_778L)]
    [InlineData(typeof(BertLargeEncoder), 335_141_888L)]
    [InlineData(typeof(BertLargeClassifier), 335_143_938L)]
    public void Parameter_counts_equal_hugging_faces(Type modelType, long expected)
    {
        using var scope = NewDisposeScope();
        using var model = (nn.Module)Activator.CreateInstance(modelType)!;

        Assert.Equal(expected, model.parameters().Sum(p => p.numel()));
    }

    [Fact]
    public void Initialisation_follows_hugging_face()
    {
        manual_seed(14);
        using var scope = NewDisposeScope();
        using var model = new TinyPretraining();
        var parameters = model.named_parameters().ToDictionary(p => p.name, p => p.parameter);

        var query = parameters["bert.encoder.layer.0.attention.self.query.weight"];
        Assert.InRange(query.std().item<float>(), 0.018, 0.022);
        Assert.InRange(query.mean().item<float>(), -0.003, 0.003);
        Assert.Equal(0, parameters["bert.encoder.layer.1.output.dense.bias"].abs().sum().item<float>());
        Assert.True(parameters["bert.embeddings.LayerNorm.weight"].eq(1).all().item<bool>());
        Assert.Equal(0, parameters["bert.embeddings.LayerNorm.bias"].abs().sum().item<float>());
        Assert.Equal(0, parameters["cls.predictions.bias"].abs().sum().item<float>());
        // [PAD] (id 0) starts as a zero vector, as nn.Embedding(padding_idx=0) does.
        Assert.Equal(0, parameters["bert.embeddings.word_embeddings.weight"][0].abs().sum().item<float>());
    }

    [Fact]
    public void Masked_lm_decoder_is_tied_to_the_word_embeddings()
    {
        using var scope = NewDisposeScope();
        using var model = new TinyMaskedLM();
        var state = model.state_dict();

        using (no_grad())
            state["bert.embeddings.word_embeddings.weight"][5, 7] = tensor(42f);

        Assert.Equal(42f, state["cls.predictions.decoder.weight"][5, 7].item<float>());
        using (no_grad())
            state["cls.predictions.decoder.bias"][9] = tensor(-3f);
        Assert.Equal(-3f, state["cls.predictions.bias"][9].item<float>());
        // Shared parameters are counted once, as in PyTorch.
        var tiedCopies = state["cls.predictions.decoder.weight"].numel() + state["cls.predictions.decoder.bias"].numel();
        Assert.Equal(state.Values.Sum(t => t.numel()) - tiedCopies, model.parameters().Sum(p => p.numel()));
    }
}
