namespace BertGen.Modeling;

/// <summary>
/// What a [BertModel] class declares: its values, which fields it fixes (the rest are open and come
/// from <c>config.json</c>), which fields its head uses, and the Hugging Face class it corresponds to.
/// Generated code creates one.
/// </summary>
public sealed class BertDeclaration(
    string className, string architecture, BertConfig values,
    IReadOnlyCollection<BertConfigField> declaredFields, IReadOnlyCollection<BertConfigField> headFields)
{
    public string ClassName { get; } = className;

    /// <summary>The Hugging Face class name written to <c>architectures</c>.</summary>
    public string Architecture { get; } = architecture;

    /// <summary>The declared values; open fields hold BERT Base's defaults until a file fills them.</summary>
    public BertConfig Values { get; } = values with { Architecture = architecture };

    public IReadOnlyCollection<BertConfigField> DeclaredFields { get; } = declaredFields;

    /// <summary>The fields of the head attribute this class's head has (the number of labels of a classifier, say).</summary>
    public IReadOnlyCollection<BertConfigField> HeadFields { get; } = headFields;

    /// <summary>Fields this class leaves to <c>config.json</c> and needs before it can be built.</summary>
    public IEnumerable<BertConfigField> OpenFields =>
        BertConfigFields.UsedBy(HeadFields)
            .Where(spec => spec.IsRequiredToBuild && !DeclaredFields.Contains(spec.Field))
            .Select(spec => spec.Field);

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
        bool IsHeadField(BertConfigField field) => field.Spec().DeclaredOn == DeclaringAttribute.Head;
        foreach (var field in DeclaredFields.Where(f => f.IsArchitectural()))
        {
            if (!sameHead && IsHeadField(field))
                continue;
            if (field == BertConfigField.LabelNames && file.LabelNames is null)
                continue;
            var (fileValue, declaredValue) = (BertConfigValues.Describe(file, field), BertConfigValues.Describe(Values, field));
            if (fileValue != declaredValue)
                mismatches.Add($"{field.JsonName()}: the file has {fileValue}, {ClassName} declares {declaredValue}");
        }
        if (mismatches.Count > 0)
        {
            throw new BertConfigException(
                $"{source} does not match the declaration of {ClassName}:{Environment.NewLine}  " +
                string.Join(Environment.NewLine + "  ", mismatches));
        }

        var bound = file with { Architecture = Architecture };
        foreach (var field in DeclaredFields.Where(f => !f.IsArchitectural() || IsHeadField(f)))
            bound = BertConfigValues.With(bound, field, BertConfigValues.Get(Values, field));
        // Another head's label names mean nothing for this head's classes.
        if (!sameHead && DeclaredFields.Contains(BertConfigField.NumLabels) && !DeclaredFields.Contains(BertConfigField.LabelNames))
            bound = bound with { LabelNames = Values.LabelNames };
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
}
