using BertGen.Generators.Emitting;

namespace BertGen.Generators.Heads;

/// <summary><c>[NextSentencePredictionHead]</c>: IsNext / NotNext from the pooled output (Hugging Face <c>BertForNextSentencePrediction</c>).</summary>
internal sealed class NextSentencePredictionHead : LanguageModelHead
{
    public override string AttributeName => "NextSentencePredictionHead";
    public override string Architecture => "BertForNextSentencePrediction";
    public override string Description => "a next-sentence-prediction head";
    public override string OutputType => "NextSentencePredictorOutput";
    protected override bool PredictsTokens => false;
    protected override bool PredictsNextSentence => true;

    public override void EmitForward(SourceWriter w, string output) =>
        EmitLogitsForward(w, output,
            "Predicts IsNext (0) / NotNext (1); with <paramref name=\"labels\"/> (batch) also returns the loss.",
            "cls.PredictNextSentence(encoded.PooledOutput!)",
            "NextSentence(logits, labels)");
}
