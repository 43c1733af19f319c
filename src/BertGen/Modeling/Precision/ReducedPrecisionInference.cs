using TorchSharp;
using BertGen.Modeling.Modules;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BertGen.Modeling;

/// <summary>
/// Inference in bfloat16 without casting weights on every call: the dense layers of the encoder, the pooler
/// and the masked-LM transform keep bfloat16 copies of their weights, and <see cref="PrecisionOps.Dense"/>
/// runs them in that type. Embeddings, LayerNorm, the residual stream, the tied decoder and the task heads
/// stay float32, as under <see cref="MixedPrecision"/>, so the results match mixed-precision training's.
/// </summary>
public static class ReducedPrecisionInference
{
    /// <summary>
    /// Converts <paramref name="model"/>'s BERT dense layers to bfloat16 and returns how many it converted.
    /// The model is then for inference only: train and save the float32 model, convert a loaded copy.
    /// </summary>
    public static int ConvertToBFloat16(nn.Module model)
    {
        ArgumentNullException.ThrowIfNull(model);
        int converted = 0;
        Convert(model, ref converted);
        return converted;
    }

    private static void Convert(nn.Module parent, ref int converted)
    {
        // Only layers that BertGen's own modules run through PrecisionOps.Dense may change type: a task
        // head calls its Linear directly with float32 input, and the masked-LM decoder is the word-embedding matrix.
        bool ownsDenseLayers = parent.GetType().Namespace == typeof(BertLayer).Namespace && parent is not BertLMPredictionHead;
        foreach (var (_, child) in parent.named_children())
        {
            if (child is Linear linear)
            {
                if (ownsDenseLayers && linear.weight!.dtype == ScalarType.Float32)
                {
                    linear.to(ScalarType.BFloat16);
                    converted++;
                }
            }
            else
            {
                Convert(child, ref converted);
            }
        }
    }
}
