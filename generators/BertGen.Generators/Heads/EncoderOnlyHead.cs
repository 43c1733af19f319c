using System.Collections.Generic;
using BertGen.Generators.Emitting;

namespace BertGen.Generators.Heads;

/// <summary><c>[EncoderOnly]</c>: no task head, the encoder and its pooler (Hugging Face <c>BertModel</c>).</summary>
internal sealed class EncoderOnlyHead : HeadSpec
{
    public override string AttributeName => "EncoderOnly";
    public override string Architecture => "BertModel";
    public override string Description => "no task head (encoder and pooler)";
    public override string OutputType => "BertEncoderOutput";
    public override IReadOnlyList<string> MemberNames { get; } = [];

    public override void EmitFields(SourceWriter w)
    {
    }

    public override void EmitModules(SourceWriter w)
    {
        w.Line("// Hugging Face's BertModel keeps embeddings, encoder and pooler at the top level, without \"bert.\".");
        w.Line($"foreach ((string childName, {Names.Nn}.Module child) in bert.named_children())");
        w.Line("    register_module(childName, child);");
    }

    public override void EmitForward(SourceWriter w, string output)
    {
        w.Line("/// <summary>Encodes <paramref name=\"inputs\"/> (batch, sequence).</summary>");
        w.Open($"public {output} Forward({Names.Modeling}.BertInputs inputs)");
        EncodeSequences(w);
        ReturnWithHiddenStates(w, "encoded.LastHiddenState.MoveToOuterDisposeScope(), encoded.PooledOutput!.MoveToOuterDisposeScope()");
        w.Close();
    }
}
