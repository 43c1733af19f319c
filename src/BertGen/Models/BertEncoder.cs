namespace BertGen.Models;

/// <summary>
/// The bare BERT encoder (Hugging Face's <c>BertModel</c>: embeddings, layers, pooler) of any size: every
/// value comes from the <c>config.json</c> or ONNX graph it is loaded from. Sentence embeddings use it.
/// </summary>
[BertModel(FromConfig = true)]
[EncoderOnly]
public partial class BertEncoder;
