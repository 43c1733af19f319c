using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace BertGen.Modeling;

/// <summary>The three places where the BERT modules apply <see cref="MixedPrecision"/>.</summary>
internal static class PrecisionOps
{
    /// <summary>
    /// A dense layer in the compute type: the weights' own type when they were converted for inference
    /// (<see cref="ReducedPrecisionInference"/>), the <see cref="MixedPrecision"/> type when enabled, else as is.
    /// </summary>
    public static Tensor Dense(Linear layer, Tensor input)
    {
        var weight = layer.weight!;
        if (weight.dtype != ScalarType.Float32)
            return F.linear(input.to_type(weight.dtype), weight, layer.bias);
        if (MixedPrecision.ComputeType is { } compute)
            return F.linear(input.to_type(compute), weight.to_type(compute), layer.bias?.to_type(compute));
        return layer.forward(input);
    }

    /// <summary>
    /// LayerNorm in float32 whatever its input, as autocast does: its mean and variance are where bfloat16's
    /// 8-bit mantissa loses most. Adding a bfloat16 sublayer output to the float32 residual already promotes to float32.
    /// </summary>
    public static Tensor Normalize(LayerNorm layerNorm, Tensor input) =>
        layerNorm.forward(input.dtype == ScalarType.Float32 ? input : input.to_type(ScalarType.Float32));

    /// <summary>Brings a module output back to float32 so that task heads, losses and callers see float32.</summary>
    public static Tensor ToFloat32(Tensor tensor) =>
        tensor.dtype == ScalarType.Float32 ? tensor : tensor.to_type(ScalarType.Float32);
}
