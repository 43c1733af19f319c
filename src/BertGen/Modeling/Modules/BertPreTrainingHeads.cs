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
}
