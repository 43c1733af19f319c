using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace BertGen.Modeling;

/// <summary>The losses of each head, with Hugging Face's semantics (SPEC §1).</summary>
public static class BertLosses
{
    /// <summary>Positions with this label take no part in a loss.</summary>
    public const long IgnoreIndex = -100;

    /// <summary>
    /// Hugging Face's rule for a sequence-classification head without <c>problem_type</c>: mean squared error
    /// with one label (regression); cross-entropy over (batch, labels) logits for integer labels (one class per
    /// text); binary cross-entropy with logits for floating-point (batch, labels) targets (multi-label).
    /// </summary>
    public static Tensor SequenceClassification(Tensor logits, Tensor labels, int numLabels) =>
        numLabels == 1
            ? F.mse_loss(logits.squeeze(), labels.squeeze().to_type(logits.dtype))
            : labels.is_floating_point()
                ? F.binary_cross_entropy_with_logits(logits, labels.to_type(logits.dtype))
                : F.cross_entropy(logits.view(-1, numLabels), labels.view(-1));

    /// <summary>Cross-entropy per token; labels of -100 (padding, continuation pieces) are ignored.</summary>
    public static Tensor TokenClassification(Tensor logits, Tensor labels) =>
        F.cross_entropy(logits.view(-1, logits.shape[^1]), labels.view(-1), ignore_index: IgnoreIndex);

    /// <summary>
    /// Mean of the start and end cross-entropies. Positions outside the sequence are clamped to its
    /// length and ignored, as Hugging Face does for answers truncated away.
    /// </summary>
    public static Tensor QuestionAnswering(Tensor startLogits, Tensor endLogits, Tensor startPositions, Tensor endPositions)
    {
        long ignored = startLogits.shape[1];
        var start = startPositions.view(-1).clamp(0, ignored);
        var end = endPositions.view(-1).clamp(0, ignored);
        return (F.cross_entropy(startLogits, start, ignore_index: ignored) + F.cross_entropy(endLogits, end, ignore_index: ignored)) / 2;
    }

    /// <summary>Cross-entropy over the vocabulary at masked positions only (label != -100).</summary>
    public static Tensor MaskedLM(Tensor logits, Tensor labels) =>
        F.cross_entropy(logits.view(-1, logits.shape[^1]), labels.view(-1), ignore_index: IgnoreIndex);

    /// <summary>Cross-entropy of IsNext (0) / NotNext (1).</summary>
    public static Tensor NextSentence(Tensor logits, Tensor labels) =>
        F.cross_entropy(logits.view(-1, 2), labels.view(-1));

    /// <summary>Cross-entropy of the right choice over (batch, choices) scores.</summary>
    public static Tensor MultipleChoice(Tensor logits, Tensor labels) =>
        F.cross_entropy(logits, labels.view(-1));
}
