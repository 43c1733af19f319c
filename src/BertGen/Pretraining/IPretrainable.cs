using BertGen.Modeling;
using static TorchSharp.torch;

namespace BertGen.Pretraining;

/// <summary>What one pretraining forward pass gives: the loss, the vocabulary logits and, with NSP, the IsNext/NotNext logits.</summary>
public sealed record PretrainingOutput(Tensor Loss, Tensor PredictionLogits, Tensor? SeqRelationshipLogits);

/// <summary>A model with a masked-LM head (and maybe next-sentence prediction) that the pretraining trainer can train.</summary>
public interface IPretrainable : IBertModel
{
    bool PredictsNextSentence { get; }

    PretrainingOutput Pretrain(BertInputs inputs, Tensor labels, Tensor nextSentenceLabels);
}
