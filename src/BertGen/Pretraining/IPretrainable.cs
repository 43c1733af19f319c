using BertGen.Modeling;
using static TorchSharp.torch;

namespace BertGen.Pretraining;

/// <summary>
/// What one pretraining forward pass gives: the summed loss, the vocabulary logits and labels of the masked
/// positions only (n, vocab) and (n), and, with NSP, the IsNext/NotNext logits (batch, 2).
/// </summary>
public sealed record PretrainingOutput(Tensor Loss, Tensor MaskedLogits, Tensor MaskedLabels, Tensor? SeqRelationshipLogits);

/// <summary>A model with a masked-LM head (and maybe next-sentence prediction) that the pretraining trainer can train.</summary>
public interface IPretrainable : IBertModel
{
    bool PredictsNextSentence { get; }

    PretrainingOutput Pretrain(BertInputs inputs, Tensor labels, Tensor nextSentenceLabels);
}

/// <summary>The masked-LM part of a pretraining step, shared by both pretraining heads.</summary>
internal static class MaskedPositions
{
    /// <summary>
    /// Runs the prediction head on the masked positions alone (label != -100): the loss is the same as over
    /// every position with -100 ignored, but only about 15% of the (positions × vocabulary) logits, the
    /// largest tensor of pretraining, are computed.
    /// </summary>
    public static (Tensor Loss, Tensor Logits, Tensor Labels) Predict(Tensor sequenceOutput, Tensor labels, Func<Tensor, Tensor> predictTokens)
    {
        var flatLabels = labels.view(-1);
        var positions = flatLabels.ne(BertLosses.IgnoreIndex).nonzero().squeeze(-1);
        var hidden = sequenceOutput.view(-1, sequenceOutput.shape[^1]).index_select(0, positions);
        var maskedLabels = flatLabels.index_select(0, positions);
        var logits = predictTokens(hidden);
        return (nn.functional.cross_entropy(logits, maskedLabels), logits, maskedLabels);
    }
}
