using static TorchSharp.torch;

namespace BertGen.Modeling;

/// <summary>
/// What one pretraining forward pass gives: the summed loss, the vocabulary logits and labels of the masked
/// positions only (n, vocab) and (n), and, with NSP, the IsNext/NotNext logits (batch, 2).
/// </summary>
public sealed record PretrainingOutput(Tensor Loss, Tensor MaskedLogits, Tensor MaskedLabels, Tensor? SeqRelationshipLogits);

/// <summary>
/// A generated model with a masked-LM head (and maybe next-sentence prediction), which the pretraining task
/// trains: <c>[MaskedLMHead]</c> and <c>[PretrainingHead]</c> classes implement it.
/// </summary>
public interface IPretrainable : IBertModel
{
    /// <summary>Whether <see cref="Pretrain"/> includes next-sentence prediction.</summary>
    bool PredictsNextSentence { get; }

    /// <summary>The pretraining loss, with the vocabulary predicted at the masked positions only.</summary>
    PretrainingOutput Pretrain(BertInputs inputs, Tensor labels, Tensor nextSentenceLabels);
}
