namespace BertGen.Embeddings;

/// <summary>Comparisons of embeddings.</summary>
public static class EmbeddingSimilarity
{
    /// <summary>The cosine of the angle between <paramref name="a"/> and <paramref name="b"/> (0 when either is zero).</summary>
    public static double Cosine(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        if (a.Length != b.Length)
            throw new ArgumentException($"the embeddings have {a.Length} and {b.Length} dimensions; cosine similarity needs equal lengths");
        double dot = 0, normA = 0, normB = 0;
        for (int i = 0; i < a.Length; i++)
        {
            dot += (double)a[i] * b[i];
            normA += (double)a[i] * a[i];
            normB += (double)b[i] * b[i];
        }
        return normA == 0 || normB == 0 ? 0 : dot / Math.Sqrt(normA * normB);
    }
}
