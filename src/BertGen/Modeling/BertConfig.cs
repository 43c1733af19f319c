namespace BertGen.Modeling;

/// <summary>
/// A BERT configuration with Hugging Face's <c>config.json</c> fields. Generated models expose the
/// values they declare as one of these and are built from one.
/// </summary>
public sealed record BertConfig
{
    public int NumHiddenLayers { get; init; } = 12;
    public int NumAttentionHeads { get; init; } = 12;
    public int HiddenSize { get; init; } = 768;
    public int IntermediateSize { get; init; } = 3072;
    public int VocabSize { get; init; } = 30522;
    public int MaxPositionEmbeddings { get; init; } = 512;
    public int TypeVocabSize { get; init; } = 2;
    public HiddenActivation HiddenAct { get; init; } = HiddenActivation.Gelu;
    public double HiddenDropoutProb { get; init; } = 0.1;
    public double AttentionProbsDropoutProb { get; init; } = 0.1;
    public double LayerNormEps { get; init; } = 1e-12;
    public double InitializerRange { get; init; } = 0.02;
    public int PadTokenId { get; init; }

    /// <summary>Dropout before a classification head; null means <see cref="HiddenDropoutProb"/>.</summary>
    public double? ClassifierDropout { get; init; }

    /// <summary>Outputs of a classification head (<c>num_labels</c>).</summary>
    public int NumLabels { get; init; } = 2;

    /// <summary>Class names by id; null means Hugging Face's defaults <c>LABEL_0</c>, <c>LABEL_1</c>, ...</summary>
    public IReadOnlyList<string>? LabelNames { get; init; }

    /// <summary>
    /// What a sequence-classification head's outputs mean (<c>problem_type</c>): one class per text (softmax,
    /// cross-entropy), any number of classes (sigmoid, binary cross-entropy) or numbers (mean squared error).
    /// Null, as in Hugging Face, means: regression with one label, otherwise decided by the labels' type.
    /// </summary>
    public ProblemType? ProblemType { get; init; }

    /// <summary>The Hugging Face class the weights were saved from (<c>architectures[0]</c>), if known.</summary>
    public string? Architecture { get; init; }

    /// <summary>Size of one attention head.</summary>
    public int HeadSize => HiddenSize / NumAttentionHeads;

    /// <summary>The name of class <paramref name="id"/>: from <see cref="LabelNames"/> or <c>LABEL_{id}</c>.</summary>
    public string LabelName(int id) => LabelNames is { } names && id < names.Count ? names[id] : $"LABEL_{id}";

    /// <summary>
    /// Throws <see cref="BertConfigException"/> naming every field that cannot work, for example a hidden
    /// size that the number of heads does not divide. <paramref name="source"/> names the origin in messages.
    /// </summary>
    public void Validate(string source)
    {
        var problems = new List<string>();
        void Positive(string field, int value)
        {
            if (value < 1) problems.Add($"{field} is {value}; expected a positive number");
        }
        void Probability(string field, double value)
        {
            if (!(value >= 0 && value < 1)) problems.Add($"{field} is {value.ToString(System.Globalization.CultureInfo.InvariantCulture)}; expected a probability in [0, 1)");
        }

        Positive(BertConfigField.NumHiddenLayers.JsonName(), NumHiddenLayers);
        Positive(BertConfigField.NumAttentionHeads.JsonName(), NumAttentionHeads);
        Positive(BertConfigField.HiddenSize.JsonName(), HiddenSize);
        Positive(BertConfigField.IntermediateSize.JsonName(), IntermediateSize);
        Positive(BertConfigField.VocabSize.JsonName(), VocabSize);
        Positive(BertConfigField.MaxPositionEmbeddings.JsonName(), MaxPositionEmbeddings);
        Positive(BertConfigField.TypeVocabSize.JsonName(), TypeVocabSize);
        Positive(BertConfigField.NumLabels.JsonName(), NumLabels);
        if (NumAttentionHeads > 0 && HiddenSize > 0 && HiddenSize % NumAttentionHeads != 0)
            problems.Add($"hidden_size {HiddenSize} is not a multiple of num_attention_heads {NumAttentionHeads}");
        Probability(BertConfigField.HiddenDropoutProb.JsonName(), HiddenDropoutProb);
        Probability(BertConfigField.AttentionProbsDropoutProb.JsonName(), AttentionProbsDropoutProb);
        if (ClassifierDropout is { } classifierDropout)
            Probability("classifier_dropout", classifierDropout);
        if (!(LayerNormEps > 0))
            problems.Add($"layer_norm_eps is {LayerNormEps}; expected a positive number");
        if (!(InitializerRange > 0))
            problems.Add($"initializer_range is {InitializerRange}; expected a positive number");
        if (PadTokenId < 0 || PadTokenId >= VocabSize)
            problems.Add($"pad_token_id {PadTokenId} is outside the vocabulary of {VocabSize} entries");
        if (LabelNames is { } names && names.Count != NumLabels)
            problems.Add($"id2label has {names.Count} entries but num_labels is {NumLabels}");

        if (problems.Count > 0)
            throw new BertConfigException($"{source}: invalid BERT configuration:{Environment.NewLine}  " + string.Join(Environment.NewLine + "  ", problems));
    }
}

/// <summary>Hugging Face's <c>problem_type</c> values for sequence classification.</summary>
public enum ProblemType
{
    /// <summary><c>single_label_classification</c></summary>
    SingleLabelClassification,

    /// <summary><c>multi_label_classification</c></summary>
    MultiLabelClassification,

    /// <summary><c>regression</c></summary>
    Regression,
}
