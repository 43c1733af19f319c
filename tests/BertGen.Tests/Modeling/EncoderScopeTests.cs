using BertGen.Modeling;
using BertGen.Modeling.Modules;
using static TorchSharp.torch;

namespace BertGen.Tests.Modeling;

/// <summary>
/// The encoder frees each layer's intermediates when the layer ends rather than leaving them to the caller's
/// dispose scope, where they stayed alive through the whole forward pass (about 600 MiB at BERT Base's
/// (16,128) training step). Autograd keeps what backward needs, so gradients are unchanged.
/// </summary>
public class EncoderScopeTests
{
    private static BertConfig Config(int layers) => new()
    {
        NumHiddenLayers = layers, NumAttentionHeads = 4, HiddenSize = 32, IntermediateSize = 64, VocabSize = 100, MaxPositionEmbeddings = 16,
    };

    [Theory]
    [InlineData(ComputePrecision.Float32)]
    [InlineData(ComputePrecision.BFloat16)]
    public void Only_each_layers_output_reaches_the_callers_scope(ComputePrecision precision)
    {
        const int Layers = 3;
        using var encoder = new BertEncoder(Config(Layers));
        encoder.train();
        using var hidden = randn(2, 8, 32, requires_grad: true);
        var hiddenStates = new List<Tensor>();

        using var scope = NewDisposeScope();
        using (MixedPrecision.Enable(precision))
            encoder.forward(hidden, null, hiddenStates).sum().backward();

        // Each layer's output, plus the sum taken here.
        Assert.Equal(Layers + 1, scope.DisposablesCount);
        Assert.Equal(Layers, hiddenStates.Count);
        Assert.All(hiddenStates, h => Assert.False(h.IsInvalid));
        Assert.True(hidden.grad!.abs().sum().item<float>() > 0, "no gradient reached the encoder's input");
    }
}
