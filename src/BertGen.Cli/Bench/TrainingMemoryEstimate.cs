namespace BertGen.Cli.Bench;

/// <summary>
/// What a float32 BERT training step should need: the parameters, their gradients and AdamW's two moments
/// (16 bytes a parameter), plus the activations autograd keeps for the backward pass.
/// </summary>
internal static class TrainingMemoryEstimate
{
    /// <summary>
    /// Bytes autograd saves per token and layer, counted from the operations of a post-LayerNorm layer with
    /// dropout. Float32 tensors of the hidden size h: the QKV input, Q, K and V (4h), the context (h), the
    /// attention LayerNorm's input (h), the feed-forward input (h), the GELU input and output (8h) and the output
    /// LayerNorm's input (h): 16h × 4 bytes. Two dropouts over h: on the CPU libtorch's dropout multiplies by a
    /// float32 noise tensor and keeps it, 2 × 4h bytes. Per head and key: the softmax output, its dropout noise
    /// and the dropped probabilities, 3 × 4 bytes.
    /// </summary>
    public static double ActivationBytesPerTokenAndLayer(int hidden, int heads, int length) =>
        16.0 * hidden * 4 + 2.0 * hidden * 4 + 12.0 * heads * length;

    public static (double State, double Activations) Bytes(long parameters, int layers, int hidden, int heads, int batch, int length)
    {
        double state = 16.0 * parameters;
        double tokens = (double)batch * length;
        // The embeddings keep their sum, LayerNorm input and dropout noise: 3 × 4h bytes.
        double activations = tokens * (layers * ActivationBytesPerTokenAndLayer(hidden, heads, length) + 12.0 * hidden);
        return (state, activations);
    }
}
