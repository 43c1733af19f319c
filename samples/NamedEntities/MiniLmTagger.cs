namespace BertGen.Samples.NamedEntities;

/// <summary>
/// all-MiniLM-L6-v2's shape with a token-classification head for CoNLL-2003's nine IOB2 tags. The generator makes it
/// an <c>ITokenClassifier</c>, so the named-entity task trains it as it is: no glue.
/// </summary>
[BertModel(Layers = 6, Heads = 12, HiddenSize = 384, IntermediateSize = 1536, VocabSize = 30522)]
[TokenClassificationHead(Labels = 9, LabelNames = ["O", "B-LOC", "I-LOC", "B-MISC", "I-MISC", "B-ORG", "I-ORG", "B-PER", "I-PER"])]
public partial class MiniLmTagger;
