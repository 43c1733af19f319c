using System.Collections.Generic;
using BertGen.Generators.Emitting;

namespace BertGen.Generators.Heads;

/// <summary>The heads that are a dropout and one linear layer (<c>dropout</c>, <c>classifier</c>) over the encoder.</summary>
internal abstract class ClassifierHead : HeadSpec
{
    public override IReadOnlyList<string> MemberNames { get; } = ["dropout", "classifier"];

    /// <summary>The classifier's outputs, as a C# expression over <c>Config</c>.</summary>
    protected abstract string Outputs { get; }

    public override void EmitFields(SourceWriter w)
    {
        w.Line($"private readonly {Names.Modeling}.DropoutLayer dropout;");
        w.Line($"private readonly {Names.Linear} classifier;");
    }

    public override void EmitModules(SourceWriter w)
    {
        w.Line($"dropout = new {Names.Modeling}.DropoutLayer(Config.ClassifierDropout ?? Config.HiddenDropoutProb);");
        w.Line($"classifier = {Names.Nn}.Linear(Config.HiddenSize, {Outputs});");
        w.Line("register_module(\"bert\", bert);");
        w.Line("register_module(\"dropout\", dropout);");
        w.Line("register_module(\"classifier\", classifier);");
    }
}
