using System.Collections.Generic;
using BertGen.Generators.Emitting;
using BertGen.Generators.Model;

namespace BertGen.Generators.Heads;

/// <summary>
/// <c>[SequenceClassificationHead]</c>: one label, several labels or a score per sequence from the pooled
/// [CLS] state (Hugging Face <c>BertForSequenceClassification</c>).
/// </summary>
internal sealed class SequenceClassificationHead : ClassifierHead
{
    public override string AttributeName => "SequenceClassificationHead";
    public override string Architecture => "BertForSequenceClassification";
    public override string Description => "a sequence-classification head";
    public override string OutputType => "SequenceClassifierOutput";
    public override IReadOnlyList<BertConfigField> Fields { get; } = [BertConfigField.NumLabels, BertConfigField.LabelNames, BertConfigField.ClassifierDropout];
    public override string? TaskInterface => $"{Names.Modeling}.ISequenceClassifier";
    protected override string Outputs => "Config.NumLabels";

    public override void EmitForward(SourceWriter w, string output) =>
        EmitLogitsForward(w, output,
            "Classifies each sequence; with <paramref name=\"labels\"/> (batch) also returns the loss.",
            "classifier.forward(dropout.forward(encoded.PooledOutput!))",
            "SequenceClassification(logits, labels, Config.NumLabels)");
}
