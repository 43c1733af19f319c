using System.Collections.Generic;
using BertGen.Generators.Emitting;

namespace BertGen.Generators.Heads;

/// <summary><c>[QuestionAnsweringHead]</c>: answer start and end logits per token (Hugging Face <c>BertForQuestionAnswering</c>).</summary>
internal sealed class QuestionAnsweringHead : HeadSpec
{
    public override string AttributeName => "QuestionAnsweringHead";
    public override string Architecture => "BertForQuestionAnswering";
    public override string Description => "an extractive question-answering head";
    public override string OutputType => "QuestionAnsweringOutput";
    public override bool HasPooler => false;
    public override IReadOnlyList<string> MemberNames { get; } = ["qa_outputs"];
    public override string? TaskInterface => $"{Names.Modeling}.IQuestionAnsweringModel";

    public override void EmitFields(SourceWriter w) =>
        w.Line($"private readonly {Names.Linear} qa_outputs;");

    public override void EmitModules(SourceWriter w)
    {
        w.Line($"qa_outputs = {Names.Nn}.Linear(Config.HiddenSize, 2);");
        w.Line("register_module(\"bert\", bert);");
        w.Line("register_module(\"qa_outputs\", qa_outputs);");
    }

    public override void EmitForward(SourceWriter w, string output)
    {
        w.Line("/// <summary>Scores answer starts and ends; with both positions (batch) also returns the span loss.</summary>");
        w.Open($"public {output} Forward({Names.Modeling}.BertInputs inputs, {Names.Tensor}? startPositions = null, {Names.Tensor}? endPositions = null)");
        EncodeSequences(w);
        w.Line($"{Names.Tensor} logits = qa_outputs.forward(encoded.LastHiddenState);");
        w.Line($"{Names.Tensor} startLogits = logits[.., .., 0].contiguous();");
        w.Line($"{Names.Tensor} endLogits = logits[.., .., 1].contiguous();");
        w.Line($"{Names.Tensor}? loss = startPositions is null || endPositions is null");
        w.Line("    ? null");
        w.Line($"    : {Names.Modeling}.BertLosses.QuestionAnswering(startLogits, endLogits, startPositions, endPositions);");
        ReturnWithHiddenStates(w, "loss?.MoveToOuterDisposeScope(), startLogits.MoveToOuterDisposeScope(), endLogits.MoveToOuterDisposeScope()");
        w.Close();
    }
}
