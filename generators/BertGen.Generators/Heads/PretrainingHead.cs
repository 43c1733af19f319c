using BertGen.Generators.Emitting;

namespace BertGen.Generators.Heads;

/// <summary><c>[PretrainingHead]</c>: masked LM and next-sentence prediction, losses summed (Hugging Face <c>BertForPreTraining</c>).</summary>
internal sealed class PretrainingHead : LanguageModelHead
{
    public override string AttributeName => "PretrainingHead";
    public override string Architecture => "BertForPreTraining";
    public override string Description => "the pretraining heads (masked LM and next-sentence prediction)";
    public override string OutputType => "PreTrainingOutput";
    protected override bool PredictsTokens => true;
    protected override bool PredictsNextSentence => true;

    public override void EmitForward(SourceWriter w, string output)
    {
        w.Line("/// <summary>");
        w.Line("/// Masked-LM and next-sentence predictions; with both <paramref name=\"labels\"/> (batch, sequence; -100 = not");
        w.Line("/// masked) and <paramref name=\"nextSentenceLabels\"/> (batch) also returns the summed loss.");
        w.Line("/// </summary>");
        w.Open($"public {output} Forward({Names.Modeling}.BertInputs inputs, {Names.Tensor}? labels = null, {Names.Tensor}? nextSentenceLabels = null)");
        EncodeSequences(w);
        w.Line($"{Names.Tensor} predictionLogits = cls.PredictTokens(encoded.LastHiddenState);");
        w.Line($"{Names.Tensor} seqRelationshipLogits = cls.PredictNextSentence(encoded.PooledOutput!);");
        w.Line($"{Names.Tensor}? loss = labels is null || nextSentenceLabels is null");
        w.Line("    ? null");
        w.Line($"    : {Names.Modeling}.BertLosses.MaskedLM(predictionLogits, labels) + {Names.Modeling}.BertLosses.NextSentence(seqRelationshipLogits, nextSentenceLabels);");
        ReturnWithHiddenStates(w, "loss?.MoveToOuterDisposeScope(), predictionLogits.MoveToOuterDisposeScope(), seqRelationshipLogits.MoveToOuterDisposeScope()");
        w.Close();
    }
}
