namespace BertGen.Modeling;

/// <summary>
/// A BERT configuration with Hugging Face's <c>config.json</c> fields. Generated models expose the
/// values they declare as one of these and are built from one.
/// </summary>
public sealed record BertConfig
{
    public int NumHiddenLayers { get; init; } = BertConfigFields.DefaultNumHiddenLayers;
    public int NumAttentionHeads { get; init; } = BertConfigFields.DefaultNumAttentionHeads;
    public int HiddenSize { get; init; } = BertConfigFields.DefaultHiddenSize;
    public int IntermediateSize { get; init; } = BertConfigFields.DefaultIntermediateSize;
    public int VocabSize { get; init; } = BertConfigFields.DefaultVocabSize;
    public int MaxPositionEmbeddings { get; init; } = BertConfigFields.DefaultMaxPositionEmbeddings;
    public int TypeVocabSize { get; init; } = BertConfigFields.DefaultTypeVocabSize;
    public HiddenActivation HiddenAct { get; init; } = HiddenActivation.Gelu;
    public double HiddenDropoutProb { get; init; } = BertConfigFields.DefaultDropout;
    public double AttentionProbsDropoutProb { get; init; } = BertConfigFields.DefaultDropout;
    public double LayerNormEps { get; init; } = BertConfigFields.DefaultLayerNormEps;
    public double InitializerRange { get; init; } = BertConfigFields.DefaultInitializerRange;
    public int PadTokenId { get; init; } = BertConfigFields.DefaultPadTokenId;

    /// <summary>Dropout before a classification head; null means <see cref="HiddenDropoutProb"/>.</summary>
    public double? ClassifierDropout { get; init; }

    /// <summary>Outputs of a classification head (<c>num_labels</c>).</summary>
    public int NumLabels { get; init; } = BertConfigFields.DefaultNumLabels;

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
    /// Throws <see cref="BertConfigException"/> naming every field that cannot work (a size out of its range, a
    /// hidden size that the number of heads does not divide, a padding id outside the vocabulary), before any
    /// tensor is allocated. <paramref name="source"/> names the origin in messages.
    /// </summary>
    public void Validate(string source)
    {
        var problems = BertConfigFields.All.Select(spec => Problem(spec)).OfType<string>().ToList();
        if (NumAttentionHeads > 0 && HiddenSize > 0 && HiddenSize % NumAttentionHeads != 0)
            problems.Add($"hidden_size {HiddenSize} is not a multiple of num_attention_heads {NumAttentionHeads}");
        // Each field within its range can still multiply into a model no machine holds; say so before libtorch's
        // allocator is asked for it.
        if (problems.Count == 0 && ParameterCount() * sizeof(float) is var bytes && bytes > MemoryLimitBytes)
            problems.Add($"the model would have {ParameterCount():N0} parameters, {bytes / (1L << 30):N1} GiB in float32, more than the "
                + $"{MemoryLimitBytes / (double)(1L << 30):N1} GiB of memory this process may use (num_hidden_layers {NumHiddenLayers}, hidden_size {HiddenSize}, "
                + $"intermediate_size {IntermediateSize}, vocab_size {VocabSize}, max_position_embeddings {MaxPositionEmbeddings})");
        if (problems.Count > 0)
            throw new BertConfigException($"{source}: invalid BERT configuration:{Environment.NewLine}  " + string.Join(Environment.NewLine + "  ", problems));
    }

    /// <summary>
    /// The number of weights a model of this configuration holds (encoder, pooler and a head of <see cref="NumLabels"/>
    /// outputs), counted in floating point so that no combination of sizes overflows.
    /// </summary>
    public double ParameterCount()
    {
        double hidden = HiddenSize, intermediate = IntermediateSize;
        double embeddings = ((double)VocabSize + MaxPositionEmbeddings + TypeVocabSize) * hidden + 2 * hidden;
        double layer = 4 * (hidden * hidden + hidden) + 2 * hidden * intermediate + intermediate + hidden + 4 * hidden;
        double poolerAndHead = hidden * hidden + hidden + hidden * NumLabels + NumLabels;
        return embeddings + NumHiddenLayers * layer + poolerAndHead;
    }

    // The memory the process may use: the machine's, or its container's limit (the GC reads cgroup limits).
    private static double MemoryLimitBytes => GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;

    private string? Problem(BertConfigFieldSpec spec)
    {
        string Shown(double value) => value.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
        var value = BertConfigValues.Get(this, spec.Field);
        return spec.Kind switch
        {
            BertConfigValueKind.Size when value is int size && (size < spec.Minimum || size > spec.Maximum) =>
                $"{spec.JsonName} is {size}; expected a whole number from {spec.Minimum} to {spec.Maximum:N0}",
            BertConfigValueKind.Probability when value is double p && !(p >= 0 && p < 1) =>
                $"{spec.JsonName} is {Shown(p)}; expected a probability in [0, 1)",
            BertConfigValueKind.PositiveNumber when value is double x && !(x > 0) =>
                $"{spec.JsonName} is {Shown(x)}; expected a positive number",
            BertConfigValueKind.TokenId when value is int id && (id < 0 || id >= VocabSize) =>
                $"{spec.JsonName} {id} is outside the vocabulary of {VocabSize} entries",
            BertConfigValueKind.Activation when !Enum.IsDefined(HiddenAct) =>
                $"{spec.JsonName} is {(int)HiddenAct}; expected gelu, gelu_new or relu",
            BertConfigValueKind.LabelNames when LabelNames is { } names => LabelNamesProblem(spec.JsonName, names),
            _ => null,
        };
    }

    private string? LabelNamesProblem(string field, IReadOnlyList<string> names)
    {
        if (names.Count != NumLabels)
            return $"{field} has {names.Count} entries but num_labels is {NumLabels}";
        int blank = names.ToList().FindIndex(string.IsNullOrEmpty);
        if (blank >= 0)
            return $"{field} gives class {blank} an empty name; each class needs a name";
        var repeated = names.GroupBy(n => n, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        return repeated is null ? null : $"{field} names {repeated.Count()} classes \"{repeated.Key}\"; each class needs a distinct name (label2id maps names back to ids)";
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
