using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace BertGen.Generators;

/// <summary>Every diagnostic the generator reports. Ids are stable: never reuse or renumber one.</summary>
internal static class Diagnostics
{
    private const string Category = "BertGen";

    private static DiagnosticDescriptor Error(string id, string title, string message) =>
        new(id, title, message, Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor NotPartial = Error("BG0001",
        "BERT model class must be partial",
        "'{0}' must be declared partial so BertGen can add the generated model to it");

    public static readonly DiagnosticDescriptor HiddenSizeNotDivisibleByHeads = Error("BG0002",
        "Hidden size must be a multiple of the number of heads",
        "HiddenSize {0} is not a multiple of Heads {1}: each attention head gets HiddenSize / Heads dimensions");

    public static readonly DiagnosticDescriptor SizeOutOfRange = Error("BG0003",
        "Size out of range",
        "{0} is {1}; expected a value from {2} to {3}");

    public static readonly DiagnosticDescriptor VocabularyTooSmall = Error("BG0004",
        "Vocabulary too small for BERT's special tokens",
        "VocabSize {0} cannot hold BERT's special tokens ([PAD]=0, [UNK]=100, [CLS]=101, [SEP]=102, [MASK]=103); expected at least 104");

    public static readonly DiagnosticDescriptor ProbabilityOutOfRange = Error("BG0005",
        "Dropout out of range",
        "{0} is {1}; expected a probability in [0, 1)");

    public static readonly DiagnosticDescriptor LabelsOutOfRange = Error("BG0006",
        "Invalid number of labels",
        "Labels is {0}; expected at least 1 (1 means regression) and at most {1}");

    public static readonly DiagnosticDescriptor MissingHead = Error("BG0007",
        "BERT model has no head",
        "'{0}' declares no head: add one of {1} ([EncoderOnly] for the bare encoder)");

    public static readonly DiagnosticDescriptor MultipleHeads = Error("BG0008",
        "BERT model has more than one head",
        "'{0}' declares both [{1}] and [{2}]; a model has exactly one head (use [PretrainingHead] for masked LM with next-sentence prediction)");

    public static readonly DiagnosticDescriptor UnsupportedActivation = Error("BG0009",
        "Unsupported activation",
        "Activation value {0} is not supported; use HiddenActivation.Gelu, GeluTanh or Relu");

    public static readonly DiagnosticDescriptor NotPositive = Error("BG0010",
        "Value must be positive",
        "{0} is {1}; expected a positive number");

    public static readonly DiagnosticDescriptor PadTokenOutsideVocabulary = Error("BG0011",
        "Padding token outside the vocabulary",
        "PadTokenId {0} is not an id of the vocabulary of {1} entries");

    public static readonly DiagnosticDescriptor LabelNamesCountMismatch = Error("BG0012",
        "Label names do not match the number of labels",
        "LabelNames has {0} names but Labels is {1}; give one name per label, in id order");

    public static readonly DiagnosticDescriptor UnsupportedClassShape = Error("BG0013",
        "Unsupported class declaration",
        "'{0}' cannot be a BERT model: {1}");

    public static readonly DiagnosticDescriptor HeadWithoutModel = Error("BG0014",
        "Head without a BERT model",
        "[{0}] on '{1}' has no effect without [BertModel] on the same class");

    public static readonly DiagnosticDescriptor ConflictingBaseType = Error("BG0015",
        "BERT model class already has a base class",
        "'{0}' derives from '{1}'; a BERT model class must not declare a base class, BertGen makes it a TorchSharp module");

    public static readonly DiagnosticDescriptor InvalidLabelNames = Error("BG0016",
        "Invalid label names",
        "LabelNames {0}; each label needs a distinct, non-empty name");

    public static readonly DiagnosticDescriptor GeneratedNameTaken = Error("BG0017",
        "Member name taken by the generated model",
        "'{0}' declares a member named '{1}', which BertGen generates for the model; rename it");

    public static readonly DiagnosticDescriptor InternalError = new("BG9999",
        "BertGen could not process the declaration",
        "BertGen failed on '{0}': {1}. Please report this.",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    private static readonly Dictionary<string, DiagnosticDescriptor> s_byId = new[]
    {
        NotPartial, HiddenSizeNotDivisibleByHeads, SizeOutOfRange, VocabularyTooSmall, ProbabilityOutOfRange,
        LabelsOutOfRange, MissingHead, MultipleHeads, UnsupportedActivation, NotPositive, PadTokenOutsideVocabulary,
        LabelNamesCountMismatch, UnsupportedClassShape, HeadWithoutModel, ConflictingBaseType, InvalidLabelNames, GeneratedNameTaken, InternalError,
    }.ToDictionary(d => d.Id);

    public static DiagnosticDescriptor ById(string id) => s_byId[id];
}
