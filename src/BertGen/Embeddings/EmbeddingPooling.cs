namespace BertGen.Embeddings;

/// <summary>How token vectors become one sentence vector.</summary>
public enum EmbeddingPooling
{
    /// <summary>The mean of the real tokens' last hidden states (padding excluded), as sentence-transformers' MiniLM and MPNet models pool.</summary>
    Mean,

    /// <summary>The last hidden state of <c>[CLS]</c>, the first token.</summary>
    Cls,
}
