using static TorchSharp.torch;

namespace BertGen.Modeling;

/// <summary>
/// Mixed-precision compute for the BERT modules, the part of PyTorch's <c>autocast</c> that BERT needs:
/// TorchSharp 0.107 has no autocast, so the modules ask here what to run their dense layers in.
/// <para>
/// Inside <see cref="Enable"/>, every dense layer of the encoder, the pooler and the masked-LM head casts its
/// input and its float32 weights to bfloat16 and multiplies in bfloat16 (attention follows from its bfloat16
/// projections). The cast is part of the autograd graph, so gradients arrive in float32 on the float32 master
/// weights and the optimizer state stays float32. LayerNorm, the residual stream, the embeddings, the task
/// heads, the outputs and the losses stay float32. bfloat16 has float32's exponent range, so unlike float16 no
/// loss scaling (GradScaler) is needed.
/// </para>
/// The setting is per thread, like autocast, because a forward pass runs on its caller's thread.
/// </summary>
public static class MixedPrecision
{
    [ThreadStatic]
    private static ScalarType? t_computeType;

    /// <summary>The type the dense layers compute in on this thread, or null for their weights' own type.</summary>
    public static ScalarType? ComputeType => t_computeType;

    /// <summary>Runs the dense layers in <paramref name="precision"/> on this thread until the result is disposed.</summary>
    public static IDisposable Enable(ComputePrecision precision) => precision switch
    {
        ComputePrecision.Float32 => Set(null),
        ComputePrecision.BFloat16 => Set(ScalarType.BFloat16),
        _ => throw new ArgumentOutOfRangeException(nameof(precision), precision, "unknown precision"),
    };

    private static Restorer Set(ScalarType? computeType)
    {
        var restorer = new Restorer(t_computeType);
        t_computeType = computeType;
        return restorer;
    }

    private sealed class Restorer(ScalarType? previous) : IDisposable
    {
        private bool _disposed;

        public void Dispose()
        {
            if (_disposed) return;
            _disposed = true;
            t_computeType = previous;
        }
    }
}
