namespace BertGen.Cli.Bench;

/// <summary>
/// What a float32 BERT training step should need: the parameters, their gradients and AdamW's two moments
/// (16 bytes a parameter), plus the activations autograd keeps for the backward pass.
/// </summary>
internal static class TrainingMemoryEstimate
{
    /// <summary>
    /// Bytes autograd saves per token and layer, counted from the operations of a post-LayerNorm layer with dropout:
    /// float32 tensors of the hidden size h: the QKV input, Q, K and V (4h), the context (h), the attention
    /// LayerNorm's input (h), the feed-forward input (h), the GELU input and output (8h) and the output
    /// LayerNorm's input (h), 16h × 4 bytes; two dropout masks of one byte per element (2h); and per attention
    /// head the probabilities, the dropped probabilities (4 bytes each) and their mask (1 byte) over s keys.
    /// </summary>
    public static double ActivationBytesPerTokenAndLayer(int hidden, int heads, int length) =>
        16.0 * hidden * 4 + 2.0 * hidden + 9.0 * heads * length;

    public static (double State, double Activations) Bytes(long parameters, int layers, int hidden, int heads, int batch, int length)
    {
        double state = 16.0 * parameters;
        double tokens = (double)batch * length;
        // The embeddings add their sum, LayerNorm input and dropout mask (9 bytes per element).
        double activations = tokens * (layers * ActivationBytesPerTokenAndLayer(hidden, heads, length) + 9.0 * hidden);
        return (state, activations);
    }
}
