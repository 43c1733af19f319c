using static TorchSharp.torch;

namespace BertGen.Modeling.Modules;

/// <summary>
/// Embeddings, encoder and (optionally) pooler: Hugging Face's <c>BertModel</c>, registered as
/// <c>bert</c> under every head. Token classification, question answering and masked LM have no pooler,
/// as in Hugging Face.
/// </summary>
public sealed class BertBackbone : nn.Module<BertInputs, BertEncoderOutput>
{
    private readonly BertEmbeddings embeddings;
    private readonly BertEncoder encoder;
    private readonly BertPooler? pooler;

    public BertBackbone(BertConfig config, bool addPoolingLayer) : base(nameof(BertBackbone))
    {
        embeddings = new BertEmbeddings(config);
        encoder = new BertEncoder(config);
        register_module(nameof(embeddings), embeddings);
        register_module(nameof(encoder), encoder);
        if (addPoolingLayer)
        {
            pooler = new BertPooler(config);
            register_module(nameof(pooler), pooler);
        }
    }

    public BertEmbeddings Embeddings => embeddings;

    public override BertEncoderOutput forward(BertInputs inputs)
    {
        var hidden = embeddings.forward(inputs.InputIds, inputs.TokenTypeIds);
        var additiveMask = inputs.AttentionMask is null ? null : AttentionMasks.ToAdditive(inputs.AttentionMask, hidden.dtype);
        var hiddenStates = inputs.OutputHiddenStates ? new List<Tensor> { hidden } : null;
        var last = encoder.forward(hidden, additiveMask, hiddenStates);
        return new BertEncoderOutput(last, pooler?.forward(last), hiddenStates);
    }
}
