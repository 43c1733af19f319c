using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace BertGen.Generators.Parsing;

/// <summary>The named arguments of one attribute application, with where each was written.</summary>
internal sealed class AttributeArguments
{
    private readonly Dictionary<string, TypedConstant> _values;
    private readonly AttributeSyntax? _syntax;

    public AttributeArguments(AttributeData attribute, CancellationToken cancellationToken)
    {
        _values = attribute.NamedArguments.ToDictionary(p => p.Key, p => p.Value);
        _syntax = attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) as AttributeSyntax;
        Name = attribute.AttributeClass?.Name is { } name && name.EndsWith("Attribute") ? name.Substring(0, name.Length - "Attribute".Length) : "?";
    }

    /// <summary>The attribute's name as written in code, without the Attribute suffix.</summary>
    public string Name { get; }

    /// <summary>Where the attribute is applied.</summary>
    public Location? Location => _syntax?.GetLocation();

    public bool IsSet(string property) => _values.ContainsKey(property);

    public int Int(string property, int fallback) =>
        _values.TryGetValue(property, out var value) && value.Value is int number ? number : fallback;

    public double Double(string property, double fallback) =>
        _values.TryGetValue(property, out var value) && value.Value is double number ? number : fallback;

    public bool Bool(string property) =>
        _values.TryGetValue(property, out var value) && value.Value is true;

    /// <summary>An array of strings, or null when not given (a null element stays null).</summary>
    public IReadOnlyList<string?>? Strings(string property) =>
        _values.TryGetValue(property, out var value) && value.Kind == TypedConstantKind.Array && !value.IsNull
            ? value.Values.Select(v => v.Value as string).ToList()
            : null;

    /// <summary>Where <paramref name="property"/> was written, or the attribute when it was not.</summary>
    public Location? LocationOf(string property) =>
        _syntax?.ArgumentList?.Arguments.FirstOrDefault(a => a.NameEquals?.Name.Identifier.ValueText == property)?.GetLocation()
        ?? Location;
}
