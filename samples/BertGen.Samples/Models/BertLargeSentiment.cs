namespace BertGen.Samples.Models;

/// <summary>BERT Large, uncased (SPEC §1: 24 layers, 1024 wide, 16 heads, ~340M parameters), for IMDb sentiment.</summary>
[BertModel(Layers = 24, Heads = 16, HiddenSize = 1024, IntermediateSize = 4096, VocabSize = 30522)]
[SequenceClassificationHead(Labels = 2, LabelNames = ["negative", "positive"])]
public partial class BertLargeSentiment;
