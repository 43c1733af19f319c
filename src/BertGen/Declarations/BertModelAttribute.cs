using BertGen.Modeling;

namespace BertGen;

/// <summary>
/// Declares a BERT encoder. Put it on a <c>partial</c> class together with exactly one head attribute
/// (for example <see cref="SequenceClassificationHeadAttribute"/>, or <see cref="EncoderOnlyAttribute"/>
/// for the bare encoder); the BertGen generator then emits the TorchSharp model, its typed forward and
/// its <c>config.json</c> handling. Every value defaults to BERT Base (uncased).
/// </summary>
/// <example>
/// <code>
/// [BertModel(Layers = 12, Heads = 12, HiddenSize = 768, IntermediateSize = 3072)]
/// [SequenceClassificationHead(Labels = 2, LabelNames = ["negative", "positive"])]
/// public partial class BertBaseSentiment;
/// </code>
/// </example>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class BertModelAttribute : Attribute
{
    /// <summary>Transformer layers (<c>num_hidden_layers</c>).</summary>
    public int Layers { get; set; } = BertConfigFields.DefaultNumHiddenLayers;

    /// <summary>Attention heads per layer (<c>num_attention_heads</c>); must divide <see cref="HiddenSize"/>.</summary>
    public int Heads { get; set; } = BertConfigFields.DefaultNumAttentionHeads;

    /// <summary>Model width, d_model (<c>hidden_size</c>).</summary>
    public int HiddenSize { get; set; } = BertConfigFields.DefaultHiddenSize;

    /// <summary>Feed-forward width (<c>intermediate_size</c>), usually 4 × <see cref="HiddenSize"/>.</summary>
    public int IntermediateSize { get; set; } = BertConfigFields.DefaultIntermediateSize;

    /// <summary>WordPiece vocabulary entries (<c>vocab_size</c>): 30,522 uncased, 28,996 cased.</summary>
    public int VocabSize { get; set; } = BertConfigFields.DefaultVocabSize;

    /// <summary>Longest input in tokens (<c>max_position_embeddings</c>).</summary>
    public int MaxPositions { get; set; } = BertConfigFields.DefaultMaxPositionEmbeddings;

    /// <summary>Segment (token type) ids (<c>type_vocab_size</c>).</summary>
    public int TypeVocabSize { get; set; } = BertConfigFields.DefaultTypeVocabSize;

    /// <summary>Feed-forward activation (<c>hidden_act</c>).</summary>
    public HiddenActivation Activation { get; set; } = HiddenActivation.Gelu;

    /// <summary>Dropout after embeddings, attention output and feed-forward (<c>hidden_dropout_prob</c>).</summary>
    public double HiddenDropout { get; set; } = BertConfigFields.DefaultDropout;

    /// <summary>Dropout on attention probabilities (<c>attention_probs_dropout_prob</c>).</summary>
    public double AttentionDropout { get; set; } = BertConfigFields.DefaultDropout;

    /// <summary>LayerNorm epsilon (<c>layer_norm_eps</c>).</summary>
    public double LayerNormEps { get; set; } = BertConfigFields.DefaultLayerNormEps;

    /// <summary>Standard deviation of the normal weight initialisation (<c>initializer_range</c>).</summary>
    public double InitializerRange { get; set; } = BertConfigFields.DefaultInitializerRange;

    /// <summary>Id of [PAD] (<c>pad_token_id</c>); its embedding row starts at zero and gets no gradient.</summary>
    public int PadTokenId { get; set; } = BertConfigFields.DefaultPadTokenId;

    /// <summary>
    /// When true, every value not written on this attribute or on the head attribute is left open and
    /// taken from the <c>config.json</c> the model is loaded with, so one class serves any checkpoint of
    /// its head type. Values that are written are still checked against the file.
    /// </summary>
    public bool FromConfig { get; set; }
}
