using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using BertGen.Generators.Emitting;
using BertGen.Generators.Heads;
using BertGen.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace BertGen.Generators.Parsing;

/// <summary>Turns a [BertModel] class into a <see cref="ModelDeclaration"/> and its diagnostics.</summary>
internal static class DeclarationParser
{
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

        CheckClassShape(symbol, syntax, syntax.Identifier.GetLocation(), Report);

        var model = new AttributeArguments(modelAttribute, cancellationToken);
        var heads = FindHeads(symbol, cancellationToken);
        if (heads.Count == 0)
            Report(Diagnostics.MissingHead, model.Location, symbol.Name, string.Join(", ", HeadSpec.All.Select(h => $"[{h.AttributeName}]")));
        for (int i = 1; i < heads.Count; i++)
            Report(Diagnostics.MultipleHeads, heads[i].Arguments.Location, symbol.Name, heads[0].Arguments.Name, heads[i].Arguments.Name);
        if (heads.Count == 0)
            return new DeclarationResult(null, diagnostics.ToEquatableArray());
        var (head, headArguments) = heads[0];
        CheckGeneratedNames(symbol, head, Report);

        var values = ReadFields(model, headArguments, head, Report);

        if (diagnostics.Count > 0)
            return new DeclarationResult(null, diagnostics.ToEquatableArray());

        var ns = symbol.ContainingNamespace.IsGlobalNamespace ? null : symbol.ContainingNamespace.ToDisplayString();
        var declaration = new ModelDeclaration(ns, symbol.Name, head, values.ToEquatableArray());
        return new DeclarationResult(declaration, EquatableArray<DiagnosticInfo>.Empty);
    }

    /// <summary>
    /// Reads every field of the table from the attribute that declares it and checks it against the table's
    /// range. A value counts as declared when written, or, for the architectural fields of a class without
    /// FromConfig, always (it then has BERT Base's default). Open fields keep the default for the runtime.
    /// </summary>
    private static List<FieldValue> ReadFields(AttributeArguments model, AttributeArguments headArguments, HeadSpec head, Action<DiagnosticDescriptor, Location?, object[]> report)
    {
        bool fromConfig = model.Bool("FromConfig");
        var values = new List<FieldValue>();
        var ints = new Dictionary<BertConfigField, int>();
        bool IsDeclared(BertConfigField field) => values.Any(v => v.Field == field && v.IsDeclared);

        foreach (var spec in BertConfigFields.UsedBy(head.Fields))
        {
            var arguments = spec.DeclaredOn == DeclaringAttribute.Model ? model : headArguments;
            var property = spec.AttributeProperty;
            var at = arguments.LocationOf(property);
            bool declared = arguments.IsSet(property) || (spec.IsRequiredToBuild && !fromConfig);
            switch (spec.Kind)
            {
                case BertConfigValueKind.Size:
                    int size = arguments.Int(property, (int)spec.Default!.Value);
                    ints[spec.Field] = size;
                    if (declared && spec.Field == BertConfigField.NumLabels && (size < spec.Minimum || size > spec.Maximum))
                        report(Diagnostics.LabelsOutOfRange, at, [size, spec.Maximum]);
                    else if (declared && spec.Field == BertConfigField.VocabSize && size > 0 && size < MinimumVocab)
                        report(Diagnostics.VocabularyTooSmall, at, [size]);
                    else if (declared && (size < spec.Minimum || size > spec.Maximum))
                        report(Diagnostics.SizeOutOfRange, at, [property, size, spec.Minimum, spec.Maximum]);
                    values.Add(FieldValueFormat.Int(spec.Field, size, declared));
                    break;
                case BertConfigValueKind.Activation:
                    int activation = arguments.Int(property, (int)spec.Default!.Value);
                    bool known = activation >= 0 && activation < FieldValueFormat.ActivationCount;
                    if (declared && !known)
                        report(Diagnostics.UnsupportedActivation, at, [activation]);
                    values.Add(FieldValueFormat.Activation(spec.Field, known ? activation : 0, declared));
                    break;
                case BertConfigValueKind.Probability:
                case BertConfigValueKind.PositiveNumber:
                    if (!declared && spec.Default is null)
                        break;
                    double number = arguments.Double(property, spec.Default ?? 0);
                    if (declared && spec.Kind == BertConfigValueKind.Probability && !(number >= 0 && number < 1))
                        report(Diagnostics.ProbabilityOutOfRange, at, [property, Format(number)]);
                    if (declared && spec.Kind == BertConfigValueKind.PositiveNumber && !(number > 0))
                        report(Diagnostics.NotPositive, at, [property, Format(number)]);
                    values.Add(FieldValueFormat.Double(spec.Field, number, declared));
                    break;
                case BertConfigValueKind.TokenId:
                    int id = arguments.Int(property, (int)spec.Default!.Value);
                    if (declared && (id < 0 || (IsDeclared(BertConfigField.VocabSize) && id >= ints[BertConfigField.VocabSize])))
                        report(Diagnostics.PadTokenOutsideVocabulary, at, [id, ints[BertConfigField.VocabSize]]);
                    values.Add(FieldValueFormat.Int(spec.Field, id, declared));
                    break;
                case BertConfigValueKind.LabelNames:
                    if (arguments.Strings(property) is not { } names)
                        break;
                    int labels = ints[BertConfigField.NumLabels];
                    if (names.Count != labels)
                        report(Diagnostics.LabelNamesCountMismatch, at, [names.Count, labels]);
                    else if (names.Any(string.IsNullOrEmpty))
                        report(Diagnostics.InvalidLabelNames, at, ["contains an empty name"]);
                    else if (names.Distinct().Count() != names.Count)
                        report(Diagnostics.InvalidLabelNames, at, ["repeats a name"]);
                    values.Add(FieldValueFormat.Names(spec.Field, names.Select(n => n ?? ""), declared: true));
                    break;
            }
        }

        int heads = ints[BertConfigField.NumAttentionHeads], hidden = ints[BertConfigField.HiddenSize];
        if (IsDeclared(BertConfigField.NumAttentionHeads) && IsDeclared(BertConfigField.HiddenSize) && heads > 0 && hidden > 0 && hidden % heads != 0)
            report(Diagnostics.HiddenSizeNotDivisibleByHeads, model.LocationOf(model.IsSet("Heads") ? "Heads" : "HiddenSize"), [hidden, heads]);
        return values;
    }

    /// <summary>A member of the user's class named like one the generator adds would collide with it in the generated file.</summary>
    private static void CheckGeneratedNames(INamedTypeSymbol symbol, HeadSpec head, Action<DiagnosticDescriptor, Location?, object[]> report)
    {
        // Generators see the compilation without their own output, so every member found here is the user's.
        foreach (var name in ModelEmitter.SharedMemberNames.Concat(head.MemberNames))
        {
            foreach (var member in symbol.GetMembers(name).Where(m => !m.IsImplicitlyDeclared))
                report(Diagnostics.GeneratedNameTaken, member.Locations.FirstOrDefault(), [symbol.Name, name]);
        }
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

    private static List<(HeadSpec Head, AttributeArguments Arguments)> FindHeads(INamedTypeSymbol symbol, CancellationToken cancellationToken)
    {
        var heads = new List<(HeadSpec, AttributeArguments)>();
        foreach (var attribute in symbol.GetAttributes())
        {
            var name = attribute.AttributeClass?.ToDisplayString();
            if (HeadSpec.All.FirstOrDefault(h => h.AttributeMetadataName == name) is { } head)
                heads.Add((head, new AttributeArguments(attribute, cancellationToken)));
        }
        return heads;
    }

    private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
