using BertGen.Modeling;

namespace BertGen.Embeddings;

/// <summary>How <see cref="SentenceEmbedder"/> encodes texts.</summary>
public sealed record SentenceEmbedderOptions
{
    public EmbeddingPooling Pooling { get; init; } = EmbeddingPooling.Mean;

    /// <summary>Scale every embedding to unit length, so that a dot product is the cosine similarity.</summary>
    public bool Normalize { get; init; } = true;

    /// <summary>Texts longer than this many tokens are truncated (sentence-transformers' all-MiniLM-L6-v2 uses 256).</summary>
    public int MaxLength { get; init; } = 256;

    /// <summary>Texts per forward pass; texts are grouped by length so that little padding is computed.</summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>BFloat16 runs the dense layers in bfloat16 (about twice as fast on CPUs with bfloat16 instructions).</summary>
    public ComputePrecision Precision { get; init; } = ComputePrecision.Float32;

    /// <summary>The vocab.txt for an ONNX model; null: the <c>vocab.txt</c> beside the file.</summary>
    public string? VocabularyPath { get; init; }

    public static SentenceEmbedderOptions Default { get; } = new();
}
