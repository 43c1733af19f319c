namespace BertGen.Samples.Models;

/// <summary>
/// A small BERT for the built-in synthetic reviews: BERT-Tiny's depth with a narrower width, trained from
/// scratch in seconds. The vocabulary size is left open: it comes from the corpus's own vocab.txt.
/// </summary>
[BertModel(FromConfig = true, Layers = 2, Heads = 4, HiddenSize = 64, IntermediateSize = 256, MaxPositions = 128)]
[SequenceClassificationHead(Labels = 2, LabelNames = ["negative", "positive"])]
public partial class SyntheticReviewsClassifier;
