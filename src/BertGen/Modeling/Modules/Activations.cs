using static TorchSharp.torch;

namespace BertGen.Modeling.Modules;

/// <summary>The activations BERT checkpoints use, by <see cref="HiddenActivation"/>.</summary>
public static class Activations
{
    public static Tensor Apply(HiddenActivation activation, Tensor x) => activation switch
    {
        HiddenActivation.Gelu => nn.functional.gelu(x),
        HiddenActivation.GeluTanh => nn.functional.gelu(x, TorchSharp.Modules.GELU.Approximate.tanh),
        HiddenActivation.Relu => nn.functional.relu(x),
        _ => throw new ArgumentOutOfRangeException(nameof(activation), activation, "unsupported activation"),
    };
}
