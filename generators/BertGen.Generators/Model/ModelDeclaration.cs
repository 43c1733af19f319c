using System.Linq;
using BertGen.Generators.Heads;

namespace BertGen.Generators.Model;

/// <summary>
/// Everything the emitter needs about one [BertModel] class, as plain equatable values (no symbols or
/// syntax), so an unrelated edit leaves the generator's cached output untouched. Heads are singletons, so
/// they compare by reference.
/// </summary>
internal sealed record ModelDeclaration(
    string? Namespace,
    string ClassName,
    HeadSpec Head,
    EquatableArray<FieldValue> Values)
{
    /// <summary>The value of <paramref name="field"/>, declared or default; null when it has neither.</summary>
    public FieldValue? ValueOf(BertConfigField field) => Values.FirstOrDefault(v => v.Field == field);

    /// <summary>Whether every field the model needs to be built is declared, so it can be built without a file.</summary>
    public bool IsClosed => BertConfigFields.UsedBy(Head.Fields).Where(spec => spec.IsRequiredToBuild).All(spec => ValueOf(spec.Field)?.IsDeclared == true);
}

/// <summary>One field's value as C# code and as messages show it, and whether the class declares it.</summary>
internal sealed record FieldValue(BertConfigField Field, string Code, string Shown, bool IsDeclared);

/// <summary>The transform's result: a model to emit (null when the declaration cannot work) and its diagnostics.</summary>
internal sealed record DeclarationResult(ModelDeclaration? Model, EquatableArray<DiagnosticInfo> Diagnostics);
