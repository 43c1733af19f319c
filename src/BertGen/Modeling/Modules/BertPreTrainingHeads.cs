using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BertGen.Modeling.Modules;

/// <summary>
/// The <c>cls</c> module of BERT's language-model heads: <c>predictions</c> (masked LM) and/or
/// <c>seq_relationship</c> (next-sentence prediction), as in Hugging Face's <c>BertOnlyMLMHead</c>,
/// <c>BertOnlyNSPHead</c> and <c>BertPreTrainingHeads</c>.
/// </summary>
public sealed class BertPreTrainingHeads : nn.Module
{
    private readonly BertLMPredictionHead? predictions;
    private readonly Linear? seq_relationship;

    public BertPreTrainingHeads(BertConfig config, Embedding? wordEmbeddings, bool nextSentence) : base(nameof(BertPreTrainingHeads))
    {
        if (wordEmbeddings is not null)
        {
            predictions = new BertLMPredictionHead(config, wordEmbeddings);
            register_module(nameof(predictions), predictions);
        }
        if (nextSentence)
        {
            seq_relationship = nn.Linear(config.HiddenSize, 2);
            register_module(nameof(seq_relationship), seq_relationship);
        }
    }

    /// <summary>Vocabulary logits (batch, sequence, vocab) for every position.</summary>
    public Tensor PredictTokens(Tensor sequenceOutput) =>
        (predictions ?? throw new InvalidOperationException("this head has no masked-LM predictions")).forward(sequenceOutput);

    /// <summary>IsNext/NotNext logits (batch, 2) from the pooled output.</summary>
    public Tensor PredictNextSentence(Tensor pooledOutput) =>
        (seq_relationship ?? throw new InvalidOperationException("this head has no next-sentence prediction")).forward(pooledOutput);

    /// <summary>
    /// The pretraining step's loss from the encoder's output: masked LM, plus next-sentence prediction when
    /// this head has it. The vocabulary is predicted at the masked positions alone (label != -100): the loss
    /// is the same as over every position with -100 ignored, but only about 15% of the (positions ×
    /// vocabulary) logits, the largest tensor of pretraining, are computed.
    /// </summary>
    public PretrainingOutput Pretrain(BertEncoderOutput encoded, Tensor labels, Tensor nextSentenceLabels)
    {
        var sequenceOutput = encoded.LastHiddenState;
        var flatLabels = labels.view(-1);
        var positions = flatLabels.ne(BertLosses.IgnoreIndex).nonzero().squeeze(-1);
        var hidden = sequenceOutput.view(-1, sequenceOutput.shape[^1]).index_select(0, positions);
        var maskedLabels = flatLabels.index_select(0, positions);
        var logits = PredictTokens(hidden);
        var loss = nn.functional.cross_entropy(logits, maskedLabels);
        if (seq_relationship is null)
            return new PretrainingOutput(loss, logits, maskedLabels, null);
        var seqRelationship = PredictNextSentence(encoded.PooledOutput!);
        return new PretrainingOutput(loss + BertLosses.NextSentence(seqRelationship, nextSentenceLabels), logits, maskedLabels, seqRelationship);
    }
}
