using System.Collections.Generic;
using BertGen.Generators.Emitting;
using BertGen.Generators.Model;

namespace BertGen.Generators.Heads;

/// <summary><c>[TokenClassificationHead]</c>: one label per token, for tagging such as NER (Hugging Face <c>BertForTokenClassification</c>).</summary>
internal sealed class TokenClassificationHead : ClassifierHead
{
    public override string AttributeName => "TokenClassificationHead";
    public override string Architecture => "BertForTokenClassification";
    public override string Description => "a token-classification head";
    public override string OutputType => "TokenClassifierOutput";
    public override bool HasPooler => false;
    public override IReadOnlyList<BertConfigField> Fields { get; } = [BertConfigField.NumLabels, BertConfigField.LabelNames, BertConfigField.ClassifierDropout];
    public override string? TaskInterface => $"{Names.Modeling}.ITokenClassifier";
    protected override string Outputs => "Config.NumLabels";

    public override void EmitForward(SourceWriter w, string output) =>
        EmitLogitsForward(w, output,
            "Classifies each token; with <paramref name=\"labels\"/> (batch, sequence; -100 = ignore) also returns the loss.",
            "classifier.forward(dropout.forward(encoded.LastHiddenState))",
            "TokenClassification(logits, labels)");
}
