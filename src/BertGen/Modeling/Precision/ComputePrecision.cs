namespace BertGen.Modeling;

/// <summary>The number format the encoder's matrix multiplications run in.</summary>
public enum ComputePrecision
{
    /// <summary>Everything in float32.</summary>
    Float32,

    /// <summary>
    /// Mixed precision: the dense layers and attention run in bfloat16 on float32 master weights, while
    /// embeddings, LayerNorm, the residual stream, the task heads and the losses stay float32 (see <see cref="MixedPrecision"/>).
    /// </summary>
    BFloat16,
}
