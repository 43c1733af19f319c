namespace BertGen.Samples.Models;

/// <summary>BERT Base, uncased (SPEC §1: 12 layers, 768 wide, 12 heads, ~110M parameters), for IMDb sentiment.</summary>
[BertModel(Layers = 12, Heads = 12, HiddenSize = 768, IntermediateSize = 3072, VocabSize = 30522)]
[SequenceClassificationHead(Labels = 2, LabelNames = ["negative", "positive"])]
public partial class BertBaseSentiment;
