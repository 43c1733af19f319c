using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using BertGen.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace BertGen.Generators.Parsing;

/// <summary>Turns a [BertModel] class into a <see cref="ModelDeclaration"/> and its diagnostics.</summary>
internal static class DeclarationParser
{
    // Defaults: BERT Base, matching the attribute's initialisers in src/BertGen/Declarations.
    private const int DefaultLayers = 12, DefaultHeads = 12, DefaultHidden = 768, DefaultIntermediate = 3072;
    private const int DefaultVocab = 30522, DefaultPositions = 512, DefaultTypeVocab = 2, DefaultLabels = 2;
    private const double DefaultDropout = 0.1, DefaultEps = 1e-12, DefaultInitializerRange = 0.02;

    /// <summary>The smallest vocabulary with room for [PAD] 0, [UNK] 100, [CLS] 101, [SEP] 102 and [MASK] 103.</summary>
    private const int MinimumVocab = 104;

    public static DeclarationResult Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        var symbol = (INamedTypeSymbol)context.TargetSymbol;
        var syntax = (ClassDeclarationSyntax)context.TargetNode;
        try
        {
            return ParseCore(symbol, syntax, context.Attributes[0], cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The generator must never throw: report and let the other classes generate.
            var diagnostic = DiagnosticInfo.Create(Diagnostics.InternalError, syntax.Identifier.GetLocation(), symbol.Name, e.Message);
            return new DeclarationResult(null, new[] { diagnostic }.ToEquatableArray());
        }
    }

    private static DeclarationResult ParseCore(INamedTypeSymbol symbol, ClassDeclarationSyntax syntax, AttributeData modelAttribute, CancellationToken cancellationToken)
    {
        var diagnostics = new List<DiagnosticInfo>();
        void Report(DiagnosticDescriptor descriptor, Location? location, params object[] arguments) =>
            diagnostics.Add(DiagnosticInfo.Create(descriptor, location, arguments.Select(a => Convert.ToString(a, CultureInfo.InvariantCulture) ?? "").ToArray()));

        var identifier = syntax.Identifier.GetLocation();
        CheckClassShape(symbol, syntax, identifier, Report);

        var model = new AttributeArguments(modelAttribute, cancellationToken);
        var heads = FindHeads(symbol, cancellationToken);
        if (heads.Count == 0)
            Report(Diagnostics.MissingHead, model.Location, symbol.Name);
        for (int i = 1; i < heads.Count; i++)
            Report(Diagnostics.MultipleHeads, heads[i].Arguments.Location, symbol.Name, heads[0].Arguments.Name, heads[i].Arguments.Name);
        var (head, headArguments) = heads.Count > 0 ? heads[0] : (HeadKind.EncoderOnly, null);

        bool fromConfig = model.Bool("FromConfig");
        var declared = new List<string>();
        // A value counts as declared when written, or always when the class does not read sizes from a file.
        bool Declares(AttributeArguments? arguments, string property, string field, bool architectural = true)
        {
            bool isDeclared = arguments != null && (arguments.IsSet(property) || (architectural && !fromConfig));
            if (isDeclared)
                declared.Add(field);
            return isDeclared;
        }

        int Size(string property, string field, int fallback, int min, int max)
        {
            int value = model.Int(property, fallback);
            if (Declares(model, property, field) && (value < min || value > max))
            {
                if (property == "VocabSize" && value < min && value > 0)
                    Report(Diagnostics.VocabularyTooSmall, model.LocationOf(property), value);
                else
                    Report(Diagnostics.SizeOutOfRange, model.LocationOf(property), property, value, min, max);
            }
            return value;
        }

        int layers = Size("Layers", "NumHiddenLayers", DefaultLayers, 1, 1000);
        int heads_ = Size("Heads", "NumAttentionHeads", DefaultHeads, 1, 4096);
        int hidden = Size("HiddenSize", "HiddenSize", DefaultHidden, 1, 65536);
        int intermediate = Size("IntermediateSize", "IntermediateSize", DefaultIntermediate, 1, 1 << 20);
        int vocab = Size("VocabSize", "VocabSize", DefaultVocab, MinimumVocab, 10_000_000);
        int positions = Size("MaxPositions", "MaxPositionEmbeddings", DefaultPositions, 1, 1 << 20);
        int typeVocab = Size("TypeVocabSize", "TypeVocabSize", DefaultTypeVocab, 1, 1024);
        if (declared.Contains("NumAttentionHeads") && declared.Contains("HiddenSize") && heads_ > 0 && hidden > 0 && hidden % heads_ != 0)
            Report(Diagnostics.HiddenSizeNotDivisibleByHeads, model.LocationOf(model.IsSet("Heads") ? "Heads" : "HiddenSize"), hidden, heads_);

        int activation = model.Int("Activation", 0);
        if (Declares(model, "Activation", "HiddenAct") && (activation < 0 || activation > 2))
            Report(Diagnostics.UnsupportedActivation, model.LocationOf("Activation"), activation);

        double eps = model.Double("LayerNormEps", DefaultEps);
        if (Declares(model, "LayerNormEps", "LayerNormEps") && !(eps > 0))
            Report(Diagnostics.NotPositive, model.LocationOf("LayerNormEps"), "LayerNormEps", Format(eps));

        double Probability(AttributeArguments? arguments, string property, string field, double fallback)
        {
            double value = arguments?.Double(property, fallback) ?? fallback;
            if (Declares(arguments, property, field, architectural: false) && !(value >= 0 && value < 1))
                Report(Diagnostics.ProbabilityOutOfRange, arguments!.LocationOf(property), property, Format(value));
            return value;
        }

        double hiddenDropout = Probability(model, "HiddenDropout", "HiddenDropoutProb", DefaultDropout);
        double attentionDropout = Probability(model, "AttentionDropout", "AttentionProbsDropoutProb", DefaultDropout);

        double initializerRange = model.Double("InitializerRange", DefaultInitializerRange);
        if (Declares(model, "InitializerRange", "InitializerRange", architectural: false) && !(initializerRange > 0))
            Report(Diagnostics.NotPositive, model.LocationOf("InitializerRange"), "InitializerRange", Format(initializerRange));

        int padTokenId = model.Int("PadTokenId", 0);
        if (Declares(model, "PadTokenId", "PadTokenId", architectural: false) && (padTokenId < 0 || (declared.Contains("VocabSize") && padTokenId >= vocab)))
            Report(Diagnostics.PadTokenOutsideVocabulary, model.LocationOf("PadTokenId"), padTokenId, vocab);

        int labels = DefaultLabels;
        var labelNames = new List<string>();
        double? classifierDropout = null;
        if (head.HasLabels())
        {
            labels = headArguments!.Int("Labels", DefaultLabels);
            if (Declares(headArguments, "Labels", "NumLabels") && (labels < 1 || labels > 1_000_000))
                Report(Diagnostics.LabelsOutOfRange, headArguments.LocationOf("Labels"), labels);
            if (headArguments.Strings("LabelNames") is { } names)
            {
                declared.Add("LabelNames");
                if (names.Count != labels)
                    Report(Diagnostics.LabelNamesCountMismatch, headArguments.LocationOf("LabelNames"), names.Count, labels);
                else if (names.Any(string.IsNullOrEmpty))
                    Report(Diagnostics.InvalidLabelNames, headArguments.LocationOf("LabelNames"), "contains an empty name");
                else if (names.Distinct().Count() != names.Count)
                    Report(Diagnostics.InvalidLabelNames, headArguments.LocationOf("LabelNames"), "repeats a name");
                labelNames.AddRange(names.Select(n => n ?? ""));
            }
        }
        if (head.HasClassifierDropout() && headArguments!.IsSet("ClassifierDropout"))
            classifierDropout = Probability(headArguments, "ClassifierDropout", "ClassifierDropout", -1);

        if (diagnostics.Count > 0)
            return new DeclarationResult(null, diagnostics.ToEquatableArray());

        var ns = symbol.ContainingNamespace.IsGlobalNamespace ? null : symbol.ContainingNamespace.ToDisplayString();
        var declaration = new ModelDeclaration(
            ns, symbol.Name, head, layers, heads_, hidden, intermediate, vocab, positions, typeVocab, activation,
            hiddenDropout, attentionDropout, eps, initializerRange, padTokenId, labels, labelNames.ToEquatableArray(),
            classifierDropout, declared.ToEquatableArray());
        return new DeclarationResult(declaration, EquatableArray<DiagnosticInfo>.Empty);
    }

    private static void CheckClassShape(INamedTypeSymbol symbol, ClassDeclarationSyntax syntax, Location identifier, Action<DiagnosticDescriptor, Location?, object[]> report)
    {
        if (!syntax.Modifiers.Any(SyntaxKind.PartialKeyword))
            report(Diagnostics.NotPartial, identifier, [symbol.Name]);
        if (symbol.ContainingType != null)
            report(Diagnostics.UnsupportedClassShape, identifier, [symbol.Name, "it is nested in another type; declare it at namespace level"]);
        if (symbol.TypeParameters.Length > 0)
            report(Diagnostics.UnsupportedClassShape, identifier, [symbol.Name, "it is generic"]);
        if (symbol.IsStatic)
            report(Diagnostics.UnsupportedClassShape, identifier, [symbol.Name, "it is static"]);
        if (symbol.IsAbstract)
            report(Diagnostics.UnsupportedClassShape, identifier, [symbol.Name, "it is abstract"]);
        // Generators see the compilation without their own output, so any base class here is the user's.
        if (symbol.BaseType is { SpecialType: not SpecialType.System_Object } baseType)
            report(Diagnostics.ConflictingBaseType, identifier, [symbol.Name, baseType.ToDisplayString()]);
    }

    private static List<(HeadKind Head, AttributeArguments Arguments)> FindHeads(INamedTypeSymbol symbol, CancellationToken cancellationToken)
    {
        var heads = new List<(HeadKind, AttributeArguments)>();
        foreach (var attribute in symbol.GetAttributes())
        {
            var name = attribute.AttributeClass?.ToDisplayString();
            foreach (HeadKind head in Enum.GetValues(typeof(HeadKind)))
            {
                if (name == head.AttributeName())
                    heads.Add((head, new AttributeArguments(attribute, cancellationToken)));
            }
        }
        return heads;
    }

    private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
