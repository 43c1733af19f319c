using static TorchSharp.torch;

namespace BertGen.Modeling;

/// <summary>Turns a 0/1 padding mask into the additive mask attention adds to its scores.</summary>
public static class AttentionMasks
{
    /// <summary>
    /// (batch, sequence) of 1 = attend, 0 = padding → (batch, 1, 1, sequence) of 0 and the dtype's
    /// most negative value, as Hugging Face does, so padded keys get zero attention weight.
    /// </summary>
    public static Tensor ToAdditive(Tensor mask, ScalarType dtype)
    {
        var keep = mask.to_type(dtype).unsqueeze(1).unsqueeze(2);
        return (1.0 - keep) * MostNegative(dtype);
    }

    /// <summary>
    /// The same additive mask in another floating type (the attention's compute type under mixed precision):
    /// clamped first, because float32's most negative value rounds to -infinity in bfloat16.
    /// </summary>
    public static Tensor ConvertTo(Tensor additiveMask, ScalarType dtype) =>
        additiveMask.dtype == dtype ? additiveMask : additiveMask.clamp_min(MostNegative(dtype)).to_type(dtype);

    private static double MostNegative(ScalarType dtype) => dtype switch
    {
        ScalarType.Float16 => -65504.0,
        ScalarType.BFloat16 => -3.3895313892515355e38,
        ScalarType.Float64 => double.MinValue,
        _ => float.MinValue,
    };
}
