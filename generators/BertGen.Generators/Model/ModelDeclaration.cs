namespace BertGen.Generators.Model;

/// <summary>
/// Everything the emitter needs about one [BertModel] class, as plain equatable values (no symbols or
/// syntax), so an unrelated edit leaves the generator's cached output untouched.
/// </summary>
internal sealed record ModelDeclaration(
    string? Namespace,
    string ClassName,
    HeadKind Head,
    int Layers,
    int Heads,
    int HiddenSize,
    int IntermediateSize,
    int VocabSize,
    int MaxPositions,
    int TypeVocabSize,
    int Activation,
    double HiddenDropout,
    double AttentionDropout,
    double LayerNormEps,
    double InitializerRange,
    int PadTokenId,
    int Labels,
    EquatableArray<string> LabelNames,
    double? ClassifierDropout,
    EquatableArray<string> DeclaredFields);

/// <summary>The transform's result: a model to emit (null when the declaration cannot work) and its diagnostics.</summary>
internal sealed record DeclarationResult(ModelDeclaration? Model, EquatableArray<DiagnosticInfo> Diagnostics);
