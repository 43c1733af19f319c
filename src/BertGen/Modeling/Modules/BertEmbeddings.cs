using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BertGen.Modeling.Modules;

/// <summary>Word + position + token-type embeddings, summed, then LayerNorm and dropout (HF <c>BertEmbeddings</c>).</summary>
public sealed class BertEmbeddings : nn.Module<Tensor, Tensor?, Tensor>
{
    private readonly Embedding word_embeddings;
    private readonly Embedding position_embeddings;
    private readonly Embedding token_type_embeddings;
    private readonly LayerNorm LayerNorm;
    private readonly DropoutLayer dropout;
    private readonly int _maxPositions;

    public BertEmbeddings(BertConfig config) : base(nameof(BertEmbeddings))
    {
        word_embeddings = nn.Embedding(config.VocabSize, config.HiddenSize, padding_idx: config.PadTokenId);
        position_embeddings = nn.Embedding(config.MaxPositionEmbeddings, config.HiddenSize);
        token_type_embeddings = nn.Embedding(config.TypeVocabSize, config.HiddenSize);
        LayerNorm = nn.LayerNorm(config.HiddenSize, eps: config.LayerNormEps);
        dropout = new DropoutLayer(config.HiddenDropoutProb);
        _maxPositions = config.MaxPositionEmbeddings;
        RegisterComponents();
    }

    /// <summary>The word embedding matrix (vocab, hidden), shared with the masked-LM decoder.</summary>
    public Embedding WordEmbeddings => word_embeddings;

    /// <param name="inputIds">(batch, sequence)</param>
    /// <param name="tokenTypeIds">(batch, sequence), or null for all segment A.</param>
    public override Tensor forward(Tensor inputIds, Tensor? tokenTypeIds)
    {
        long length = inputIds.shape[1];
        if (length > _maxPositions)
            throw new ArgumentException($"input has {length} tokens; this model takes at most {_maxPositions} (max_position_embeddings).", nameof(inputIds));

        var positions = arange(length, dtype: ScalarType.Int64, device: inputIds.device).unsqueeze(0);
        var embeddings = word_embeddings.forward(inputIds) + position_embeddings.forward(positions);
        embeddings = tokenTypeIds is null
            ? embeddings + token_type_embeddings.weight![0]
            : embeddings + token_type_embeddings.forward(tokenTypeIds);
        return dropout.forward(LayerNorm.forward(embeddings));
    }
}
