using BertGen.Generators.Emitting;

namespace BertGen.Generators.Heads;

/// <summary><c>[MaskedLMHead]</c>: masked language modelling, the decoder tied to the word embeddings (Hugging Face <c>BertForMaskedLM</c>).</summary>
internal sealed class MaskedLMHead : LanguageModelHead
{
    public override string AttributeName => "MaskedLMHead";
    public override string Architecture => "BertForMaskedLM";
    public override string Description => "a masked-language-model head";
    public override string OutputType => "MaskedLMOutput";
    public override bool HasPooler => false;
    protected override bool PredictsTokens => true;
    protected override bool PredictsNextSentence => false;

    public override void EmitForward(SourceWriter w, string output) =>
        EmitLogitsForward(w, output,
            "Predicts every token; with <paramref name=\"labels\"/> (batch, sequence; -100 = not masked) also returns the loss.",
            "cls.PredictTokens(encoded.LastHiddenState)",
            "MaskedLM(logits, labels)");
}
