namespace BertGen.Modeling;

/// <summary>The fields of <see cref="BertConfig"/> a declaration can fix or leave open.</summary>
public enum BertConfigField
{
    NumHiddenLayers,
    NumAttentionHeads,
    HiddenSize,
    IntermediateSize,
    VocabSize,
    MaxPositionEmbeddings,
    TypeVocabSize,
    HiddenAct,
    LayerNormEps,
    NumLabels,
    LabelNames,
    HiddenDropoutProb,
    AttentionProbsDropoutProb,
    ClassifierDropout,
    InitializerRange,
    PadTokenId,
}

/// <summary>What each field means for loading.</summary>
public static class BertConfigFieldExtensions
{
    /// <summary>The field's name in <c>config.json</c>.</summary>
    public static string JsonName(this BertConfigField field) => field switch
    {
        BertConfigField.NumHiddenLayers => "num_hidden_layers",
        BertConfigField.NumAttentionHeads => "num_attention_heads",
        BertConfigField.HiddenSize => "hidden_size",
        BertConfigField.IntermediateSize => "intermediate_size",
        BertConfigField.VocabSize => "vocab_size",
        BertConfigField.MaxPositionEmbeddings => "max_position_embeddings",
        BertConfigField.TypeVocabSize => "type_vocab_size",
        BertConfigField.HiddenAct => "hidden_act",
        BertConfigField.LayerNormEps => "layer_norm_eps",
        BertConfigField.NumLabels => "num_labels",
        BertConfigField.LabelNames => "id2label",
        BertConfigField.HiddenDropoutProb => "hidden_dropout_prob",
        BertConfigField.AttentionProbsDropoutProb => "attention_probs_dropout_prob",
        BertConfigField.ClassifierDropout => "classifier_dropout",
        BertConfigField.InitializerRange => "initializer_range",
        BertConfigField.PadTokenId => "pad_token_id",
        _ => throw new ArgumentOutOfRangeException(nameof(field), field, null),
    };

    /// <summary>
    /// True for fields that change what the model computes or the shapes of its weights: a file that
    /// disagrees with the declaration on one of them is an error. The others (dropout, initialisation,
    /// padding id) are training settings: a declared value simply replaces the file's.
    /// </summary>
    public static bool IsArchitectural(this BertConfigField field) => field <= BertConfigField.LabelNames;
}
