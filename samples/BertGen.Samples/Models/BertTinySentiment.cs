namespace BertGen.Samples.Models;

/// <summary>Google's BERT-Tiny shape (2 layers, 128 wide, 2 heads), for quick runs on a CPU.</summary>
[BertModel(Layers = 2, Heads = 2, HiddenSize = 128, IntermediateSize = 512)]
[SequenceClassificationHead(Labels = 2, LabelNames = ["negative", "positive"])]
public partial class BertTinySentiment;
