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

    /// <summary>The pretraining loss (masked LM + next sentence, as <see cref="Forward"/> gives it), predicting masked positions only.</summary>
    public PretrainingOutput Pretrain(BertInputs inputs, Tensor labels, Tensor nextSentenceLabels)
    {
        var encoded = bert.forward(inputs);
        var (mlmLoss, logits, maskedLabels) = MaskedPositions.Predict(encoded.LastHiddenState, labels, cls.PredictTokens);
        var seqRelationship = cls.PredictNextSentence(encoded.PooledOutput!);
        return new PretrainingOutput(mlmLoss + BertLosses.NextSentence(seqRelationship, nextSentenceLabels), logits, maskedLabels, seqRelationship);
    }
}

/// <summary>BERT with the masked-LM head only, of any size: values come from <c>config.json</c>.</summary>
[BertModel(FromConfig = true)]
[MaskedLMHead]
public partial class BertForMaskedLM : IPretrainable
{
    public bool PredictsNextSentence => false;

    /// <summary>The masked-LM loss, predicting masked positions only.</summary>
    public PretrainingOutput Pretrain(BertInputs inputs, Tensor labels, Tensor nextSentenceLabels)
    {
        var encoded = bert.forward(inputs);
        var (loss, logits, maskedLabels) = MaskedPositions.Predict(encoded.LastHiddenState, labels, cls.PredictTokens);
        return new PretrainingOutput(loss, logits, maskedLabels, null);
    }
}
