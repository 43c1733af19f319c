using BertGen.Modeling;
using BertGen.Pretraining;
using static TorchSharp.torch;

namespace BertGen.Models;

/// <summary>BERT with both pretraining heads (masked LM + next-sentence prediction), of any size: values come from <c>config.json</c>.</summary>
[BertModel(FromConfig = true)]
[PretrainingHead]
public partial class BertForPreTraining : IPretrainable
{
    public bool PredictsNextSentence => true;

    public PretrainingOutput Pretrain(BertInputs inputs, Tensor labels, Tensor nextSentenceLabels)
    {
        var output = Forward(inputs, labels, nextSentenceLabels);
        return new PretrainingOutput(output.Loss!, output.PredictionLogits, output.SeqRelationshipLogits);
    }
}

/// <summary>BERT with the masked-LM head only, of any size: values come from <c>config.json</c>.</summary>
[BertModel(FromConfig = true)]
[MaskedLMHead]
public partial class BertForMaskedLM : IPretrainable
{
    public bool PredictsNextSentence => false;

    public PretrainingOutput Pretrain(BertInputs inputs, Tensor labels, Tensor nextSentenceLabels)
    {
        var output = Forward(inputs, labels);
        return new PretrainingOutput(output.Loss!, output.Logits, null);
    }
}
