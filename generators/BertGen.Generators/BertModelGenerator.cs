using Microsoft.CodeAnalysis;

namespace BertGen.Generators;

/// <summary>Emits a TorchSharp BERT model for every class marked with [BertModel].</summary>
[Generator(LanguageNames.CSharp)]
public sealed class BertModelGenerator : IIncrementalGenerator
{
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
    }
}
