using System;
using BertGen.Generators.Emitting;
using BertGen.Generators.Heads;
using BertGen.Generators.Model;
using BertGen.Generators.Parsing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace BertGen.Generators;

/// <summary>Emits a TorchSharp BERT model for every partial class marked with [BertModel].</summary>
[Generator(LanguageNames.CSharp)]
public sealed class BertModelGenerator : IIncrementalGenerator
{
    /// <summary>Tracking names, so tests can check that unchanged input is served from the cache.</summary>
    public static class TrackingNames
    {
        public const string Declarations = nameof(Declarations);
        public const string OrphanHeads = nameof(OrphanHeads);
    }

    private const string ModelAttribute = "BertGen.BertModelAttribute";

    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var declarations = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                ModelAttribute,
                predicate: static (node, _) => node is ClassDeclarationSyntax,
                transform: static (context, cancellationToken) => DeclarationParser.Parse(context, cancellationToken))
            .WithTrackingName(TrackingNames.Declarations);

        context.RegisterSourceOutput(declarations, static (output, result) =>
        {
            foreach (var diagnostic in result.Diagnostics)
                output.ReportDiagnostic(diagnostic.ToDiagnostic());
            if (result.Model is { } model)
                output.AddSource(ModelEmitter.HintName(model), ModelEmitter.Emit(model));
        });

        // A head attribute on a class without [BertModel] would silently do nothing: say so.
        foreach (var head in HeadSpec.All)
        {
            var orphans = context.SyntaxProvider
                .ForAttributeWithMetadataName(
                    head.AttributeMetadataName,
                    predicate: static (node, _) => node is ClassDeclarationSyntax,
                    transform: static (context, _) => OrphanHead(context))
                .Where(static diagnostic => diagnostic is not null)
                .WithTrackingName(TrackingNames.OrphanHeads);
            context.RegisterSourceOutput(orphans, static (output, diagnostic) => output.ReportDiagnostic(diagnostic!.ToDiagnostic()));
        }
    }

    private static DiagnosticInfo? OrphanHead(GeneratorAttributeSyntaxContext context)
    {
        foreach (var attribute in context.TargetSymbol.GetAttributes())
        {
            if (attribute.AttributeClass?.ToDisplayString() == ModelAttribute)
                return null;
        }
        var name = context.Attributes[0].AttributeClass!.Name;
        return DiagnosticInfo.Create(
            Diagnostics.HeadWithoutModel,
            context.Attributes[0].ApplicationSyntaxReference?.GetSyntax().GetLocation(),
            name.Substring(0, name.Length - "Attribute".Length),
            context.TargetSymbol.Name);
    }
}
