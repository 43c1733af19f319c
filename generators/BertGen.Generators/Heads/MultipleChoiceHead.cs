using System.Collections.Generic;
using BertGen.Generators.Emitting;
using BertGen.Generators.Model;

namespace BertGen.Generators.Heads;

/// <summary>
/// <c>[MultipleChoiceHead]</c>: one score per choice from each choice's pooled state, softmax over the
/// choices (Hugging Face <c>BertForMultipleChoice</c>).
/// </summary>
internal sealed class MultipleChoiceHead : ClassifierHead
{
    public override string AttributeName => "MultipleChoiceHead";
    public override string Architecture => "BertForMultipleChoice";
    public override string Description => "a multiple-choice head";
    public override string OutputType => "MultipleChoiceOutput";
    public override IReadOnlyList<BertConfigField> Fields { get; } = [BertConfigField.ClassifierDropout];
    public override string? TaskInterface => $"{Names.Modeling}.IMultipleChoiceModel";
    protected override string Outputs => "1";

    public override void EmitForward(SourceWriter w, string output)
    {
        w.Line("/// <summary>Scores each choice of <paramref name=\"inputs\"/> (batch, choices, sequence); with <paramref name=\"labels\"/> (batch) also returns the loss.</summary>");
        w.Open($"public {output} Forward({Names.Modeling}.BertInputs inputs, {Names.Tensor}? labels = null)");
        w.Line("inputs.EnsureShape(3, \"(batch, choices, sequence)\");");
        w.Line($"using {Names.DisposeScope} scope = {Names.NewDisposeScope};");
        w.Line("long choices = inputs.InputIds.shape[1];");
        w.Line($"{Names.Modeling}.BertEncoderOutput encoded = bert.forward(inputs.FlattenChoices());");
        w.Line($"{Names.Tensor} logits = classifier.forward(dropout.forward(encoded.PooledOutput!)).view(-1, choices);");
        w.Line($"{Names.Tensor}? loss = labels is null ? null : {Names.Modeling}.BertLosses.MultipleChoice(logits, labels);");
        ReturnWithHiddenStates(w, "loss?.MoveToOuterDisposeScope(), logits.MoveToOuterDisposeScope()");
        w.Close();
    }
}
