// The one table of BERT's config fields. This file is compiled twice: into the runtime (BertGen.Modeling)
// and, linked, into the source generator (BertGen.Generators.Model), so that declarations are checked at
// compile time against the same names, defaults and ranges with which the runtime reads, writes, validates
// and binds config.json. Adding a field: a row here, a property on BertConfig and on the attribute that
// declares it. Keep this file free of runtime types: the generator targets netstandard2.0.
using System.Collections.Generic;
using System.Linq;

#if BERTGEN_GENERATOR
namespace BertGen.Generators.Model;
#else
namespace BertGen.Modeling;
#endif

/// <summary>The fields of <c>BertConfig</c> a declaration can fix or leave open; each has a row in <see cref="BertConfigFields.All"/>.</summary>
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
    HiddenDropoutProb,
    AttentionProbsDropoutProb,
    LayerNormEps,
    InitializerRange,
    PadTokenId,
    ClassifierDropout,
    NumLabels,
    LabelNames,
}

/// <summary>What a field holds, which decides how it is read, checked, compared and written.</summary>
public enum BertConfigValueKind
{
    /// <summary>A whole number within the field's range.</summary>
    Size,

    /// <summary>The feed-forward activation (<c>hidden_act</c>).</summary>
    Activation,

    /// <summary>A probability in [0, 1).</summary>
    Probability,

    /// <summary>A positive real number.</summary>
    PositiveNumber,

    /// <summary>An id of the vocabulary.</summary>
    TokenId,

    /// <summary>Class names by id (<c>id2label</c>).</summary>
    LabelNames,
}

/// <summary>Which attribute declares a field: <c>[BertModel]</c> or the head attribute.</summary>
public enum DeclaringAttribute
{
    Model,
    Head,
}

/// <summary>One row of the field table.</summary>
public sealed class BertConfigFieldSpec
{
    internal BertConfigFieldSpec(
        BertConfigField field, string jsonName, DeclaringAttribute declaredOn, string attributeProperty, BertConfigValueKind kind,
        double? defaultValue, long minimum = 0, long maximum = 0, bool isArchitectural = true, bool isOptional = false)
    {
        Field = field;
        JsonName = jsonName;
        DeclaredOn = declaredOn;
        AttributeProperty = attributeProperty;
        Kind = kind;
        Default = defaultValue;
        Minimum = minimum;
        Maximum = maximum;
        IsArchitectural = isArchitectural;
        IsOptional = isOptional;
    }

    public BertConfigField Field { get; }

    /// <summary>The field's name in <c>config.json</c>.</summary>
    public string JsonName { get; }

    /// <summary>The attribute that declares the field.</summary>
    public DeclaringAttribute DeclaredOn { get; }

    /// <summary>The property of that attribute that declares it.</summary>
    public string AttributeProperty { get; }

    public BertConfigValueKind Kind { get; }

    /// <summary>The value when neither the declaration nor the file gives one (BERT Base); null when the field has none.</summary>
    public double? Default { get; }

    /// <summary>The smallest value a <see cref="BertConfigValueKind.Size"/> may take.</summary>
    public long Minimum { get; }

    /// <summary>
    /// The largest value a <see cref="BertConfigValueKind.Size"/> may take: far above any published BERT, low
    /// enough that a typo or a corrupted file is refused before it allocates a tensor.
    /// </summary>
    public long Maximum { get; }

    /// <summary>
    /// True for fields that change what the model computes or the shapes of its weights: a file that
    /// disagrees with the declaration on one of them is an error. The others (dropout, initialisation,
    /// padding id) are training settings: a declared value simply replaces the file's.
    /// </summary>
    public bool IsArchitectural { get; }

    /// <summary>True for an architectural field a model can be built without (label names).</summary>
    public bool IsOptional { get; }

    /// <summary>True when a model that uses the field cannot be built until a declaration or a file gives it.</summary>
    public bool IsRequiredToBuild => IsArchitectural && !IsOptional;
}

/// <summary>The field table, and BERT Base's defaults that the configuration and the attributes start from.</summary>
public static class BertConfigFields
{
    public const int DefaultNumHiddenLayers = 12;
    public const int DefaultNumAttentionHeads = 12;
    public const int DefaultHiddenSize = 768;
    public const int DefaultIntermediateSize = 3072;
    public const int DefaultVocabSize = 30522;
    public const int DefaultMaxPositionEmbeddings = 512;
    public const int DefaultTypeVocabSize = 2;
    public const double DefaultLayerNormEps = 1e-12;
    public const int DefaultNumLabels = 2;
    public const double DefaultDropout = 0.1;
    public const double DefaultInitializerRange = 0.02;
    public const int DefaultPadTokenId = 0;

    /// <summary>The <c>hidden_act</c> names, indexed by <c>HiddenActivation</c> value (gelu, its tanh approximation, relu).</summary>
    public static IReadOnlyList<string> ActivationNames { get; } = new[] { "gelu", "gelu_new", "relu" };

    /// <summary>Every field, in <see cref="BertConfigField"/> order (the order of BertConfig's properties).</summary>
    public static IReadOnlyList<BertConfigFieldSpec> All { get; } = new[]
    {
        new BertConfigFieldSpec(BertConfigField.NumHiddenLayers, "num_hidden_layers", DeclaringAttribute.Model, "Layers", BertConfigValueKind.Size, DefaultNumHiddenLayers, 1, 1000),
        new BertConfigFieldSpec(BertConfigField.NumAttentionHeads, "num_attention_heads", DeclaringAttribute.Model, "Heads", BertConfigValueKind.Size, DefaultNumAttentionHeads, 1, 4096),
        new BertConfigFieldSpec(BertConfigField.HiddenSize, "hidden_size", DeclaringAttribute.Model, "HiddenSize", BertConfigValueKind.Size, DefaultHiddenSize, 1, 65536),
        new BertConfigFieldSpec(BertConfigField.IntermediateSize, "intermediate_size", DeclaringAttribute.Model, "IntermediateSize", BertConfigValueKind.Size, DefaultIntermediateSize, 1, 1 << 20),
        new BertConfigFieldSpec(BertConfigField.VocabSize, "vocab_size", DeclaringAttribute.Model, "VocabSize", BertConfigValueKind.Size, DefaultVocabSize, 1, 10_000_000),
        new BertConfigFieldSpec(BertConfigField.MaxPositionEmbeddings, "max_position_embeddings", DeclaringAttribute.Model, "MaxPositions", BertConfigValueKind.Size, DefaultMaxPositionEmbeddings, 1, 1 << 20),
        new BertConfigFieldSpec(BertConfigField.TypeVocabSize, "type_vocab_size", DeclaringAttribute.Model, "TypeVocabSize", BertConfigValueKind.Size, DefaultTypeVocabSize, 1, 1024),
        new BertConfigFieldSpec(BertConfigField.HiddenAct, "hidden_act", DeclaringAttribute.Model, "Activation", BertConfigValueKind.Activation, 0),
        new BertConfigFieldSpec(BertConfigField.HiddenDropoutProb, "hidden_dropout_prob", DeclaringAttribute.Model, "HiddenDropout", BertConfigValueKind.Probability, DefaultDropout, isArchitectural: false),
        new BertConfigFieldSpec(BertConfigField.AttentionProbsDropoutProb, "attention_probs_dropout_prob", DeclaringAttribute.Model, "AttentionDropout", BertConfigValueKind.Probability, DefaultDropout, isArchitectural: false),
        new BertConfigFieldSpec(BertConfigField.LayerNormEps, "layer_norm_eps", DeclaringAttribute.Model, "LayerNormEps", BertConfigValueKind.PositiveNumber, DefaultLayerNormEps),
        new BertConfigFieldSpec(BertConfigField.InitializerRange, "initializer_range", DeclaringAttribute.Model, "InitializerRange", BertConfigValueKind.PositiveNumber, DefaultInitializerRange, isArchitectural: false),
        new BertConfigFieldSpec(BertConfigField.PadTokenId, "pad_token_id", DeclaringAttribute.Model, "PadTokenId", BertConfigValueKind.TokenId, DefaultPadTokenId, isArchitectural: false),
        new BertConfigFieldSpec(BertConfigField.ClassifierDropout, "classifier_dropout", DeclaringAttribute.Head, "ClassifierDropout", BertConfigValueKind.Probability, null, isArchitectural: false),
        new BertConfigFieldSpec(BertConfigField.NumLabels, "num_labels", DeclaringAttribute.Head, "Labels", BertConfigValueKind.Size, DefaultNumLabels, 1, 1_000_000),
        new BertConfigFieldSpec(BertConfigField.LabelNames, "id2label", DeclaringAttribute.Head, "LabelNames", BertConfigValueKind.LabelNames, null, isOptional: true),
    };

    /// <summary>
    /// The fields a model with a head whose attribute declares <paramref name="headFields"/> has: every field of
    /// <c>[BertModel]</c> and those of its head (a classifier's labels, say), in table order.
    /// </summary>
    public static IEnumerable<BertConfigFieldSpec> UsedBy(IEnumerable<BertConfigField> headFields)
    {
        var head = new HashSet<BertConfigField>(headFields);
        return All.Where(spec => spec.DeclaredOn == DeclaringAttribute.Model || head.Contains(spec.Field));
    }

    /// <summary>The field's row of the table.</summary>
    public static BertConfigFieldSpec Spec(this BertConfigField field) => All[(int)field];

    /// <summary>The field's name in <c>config.json</c>.</summary>
    public static string JsonName(this BertConfigField field) => field.Spec().JsonName;

    /// <inheritdoc cref="BertConfigFieldSpec.IsArchitectural"/>
    public static bool IsArchitectural(this BertConfigField field) => field.Spec().IsArchitectural;
}
