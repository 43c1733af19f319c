using static TorchSharp.torch;

namespace BertGen.Modeling;

/// <summary><see cref="BertDropout"/> as a module, in place of <c>nn.Dropout</c>: active in training mode only.</summary>
public sealed class DropoutLayer(double probability) : nn.Module<Tensor, Tensor>(nameof(DropoutLayer))
{
    public double Probability { get; } = probability;

    public override Tensor forward(Tensor input) => BertDropout.Apply(input, Probability, training);
}
