using System.Globalization;

namespace BertGen.Modeling;

/// <summary>
/// What a [BertModel] class declares: its values, which fields it fixes (the rest are open and come
/// from <c>config.json</c>), and the Hugging Face class it corresponds to. Generated code creates one.
/// </summary>
public sealed class BertDeclaration(string className, string architecture, BertConfig values, IReadOnlyCollection<BertConfigField> declaredFields)
{
    public string ClassName { get; } = className;

    /// <summary>The Hugging Face class name written to <c>architectures</c>.</summary>
    public string Architecture { get; } = architecture;

    /// <summary>The declared values; open fields hold BERT Base's defaults until a file fills them.</summary>
    public BertConfig Values { get; } = values with { Architecture = architecture };

    public IReadOnlyCollection<BertConfigField> DeclaredFields { get; } = declaredFields;

    /// <summary>Fields this class leaves to <c>config.json</c> and needs before it can be built.</summary>
    public IEnumerable<BertConfigField> OpenFields =>
        Enum.GetValues<BertConfigField>().Where(f => IsNeededToBuild(f) && !DeclaredFields.Contains(f));

    private bool IsNeededToBuild(BertConfigField field) =>
        field <= BertConfigField.LayerNormEps ||
        (field == BertConfigField.NumLabels && Architecture is "BertForSequenceClassification" or "BertForTokenClassification");

    /// <summary>True when every architectural field is declared, so the class can be built without a file.</summary>
    public bool IsClosed => !OpenFields.Any();

    /// <summary>
    /// Combines a configuration from <paramref name="source"/> with this declaration: open fields and
    /// undeclared training settings come from the file, declared settings replace the file's, and every
    /// declared architectural field the file contradicts is reported, all at once.
    /// </summary>
    public BertConfig Bind(BertConfig file, string source)
    {
        var mismatches = new List<string>();
        // A checkpoint saved from another head type (say, a pretraining checkpoint loaded to fine-tune a
        // classifier) says nothing about this head's labels.
        bool sameHead = file.Architecture is null || file.Architecture == Architecture;
        foreach (var field in DeclaredFields.Where(f => f.IsArchitectural()))
        {
            if (!sameHead && field is BertConfigField.NumLabels or BertConfigField.LabelNames)
                continue;
            if (field == BertConfigField.LabelNames && file.LabelNames is null)
                continue;
            var (fileValue, declaredValue) = (Describe(file, field), Describe(Values, field));
            if (fileValue != declaredValue)
                mismatches.Add($"{field.JsonName()}: the file has {fileValue}, {ClassName} declares {declaredValue}");
        }
        if (mismatches.Count > 0)
        {
            throw new BertConfigException(
                $"{source} does not match the declaration of {ClassName}:{Environment.NewLine}  " +
                string.Join(Environment.NewLine + "  ", mismatches));
        }

        bool Declared(BertConfigField field) => DeclaredFields.Contains(field);
        var bound = file with
        {
            NumLabels = sameHead || !Declared(BertConfigField.NumLabels) ? file.NumLabels : Values.NumLabels,
            LabelNames = Declared(BertConfigField.LabelNames) || (!sameHead && Declared(BertConfigField.NumLabels)) ? Values.LabelNames : file.LabelNames,
            HiddenDropoutProb = Declared(BertConfigField.HiddenDropoutProb) ? Values.HiddenDropoutProb : file.HiddenDropoutProb,
            AttentionProbsDropoutProb = Declared(BertConfigField.AttentionProbsDropoutProb) ? Values.AttentionProbsDropoutProb : file.AttentionProbsDropoutProb,
            ClassifierDropout = Declared(BertConfigField.ClassifierDropout) ? Values.ClassifierDropout : file.ClassifierDropout,
            InitializerRange = Declared(BertConfigField.InitializerRange) ? Values.InitializerRange : file.InitializerRange,
            PadTokenId = Declared(BertConfigField.PadTokenId) ? Values.PadTokenId : file.PadTokenId,
            Architecture = Architecture,
        };
        bound.Validate(source);
        return bound;
    }

    /// <summary>
    /// The configuration to build the model from without a file; throws when fields are open.
    /// </summary>
    public BertConfig RequireClosed()
    {
        if (!IsClosed)
        {
            throw new BertConfigException(
                $"{ClassName} leaves {string.Join(", ", OpenFields.Select(f => f.JsonName()))} open; " +
                $"build it from a configuration: new {ClassName}({ClassName}.LoadConfig(\"config.json\")).");
        }
        return Values;
    }

    private static string Describe(BertConfig config, BertConfigField field) => field switch
    {
        BertConfigField.NumHiddenLayers => Number(config.NumHiddenLayers),
        BertConfigField.NumAttentionHeads => Number(config.NumAttentionHeads),
        BertConfigField.HiddenSize => Number(config.HiddenSize),
        BertConfigField.IntermediateSize => Number(config.IntermediateSize),
        BertConfigField.VocabSize => Number(config.VocabSize),
        BertConfigField.MaxPositionEmbeddings => Number(config.MaxPositionEmbeddings),
        BertConfigField.TypeVocabSize => Number(config.TypeVocabSize),
        BertConfigField.HiddenAct => $"\"{BertConfigJson.ActivationName(config.HiddenAct)}\"",
        BertConfigField.LayerNormEps => config.LayerNormEps.ToString("R", CultureInfo.InvariantCulture),
        BertConfigField.NumLabels => Number(config.NumLabels),
        BertConfigField.LabelNames => "[" + string.Join(", ", Enumerable.Range(0, config.NumLabels).Select(i => $"\"{config.LabelName(i)}\"")) + "]",
        _ => throw new ArgumentOutOfRangeException(nameof(field), field, "not an architectural field"),
    };

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}
