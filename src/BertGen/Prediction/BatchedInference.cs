using BertGen.Data;
using BertGen.Modeling;
using BertGen.Tokenization;
using static TorchSharp.torch;

namespace BertGen.Prediction;

/// <summary>
/// Runs a model over texts for inference: tokenized on all cores, batched by similar length so that little
/// padding is computed, without gradients; each text's row of the output is read back in the texts' order.
/// The classifier and the sentence embedder both run through it.
/// </summary>
internal static class BatchedInference
{
    /// <summary>One result per text of <paramref name="texts"/>, in their order.</summary>
    /// <param name="tokenizer">Encodes the texts (truncated to <paramref name="maxLength"/> tokens).</param>
    /// <param name="texts">The texts, as the model should see them.</param>
    /// <param name="maxLength">The longest encoding, in tokens.</param>
    /// <param name="batchSize">Texts per forward pass.</param>
    /// <param name="device">Where the batches go.</param>
    /// <param name="forward">The model's output for a batch: one row per text, <c>[batch, width]</c>.</param>
    /// <param name="read">Turns one text's row into its result.</param>
    /// <param name="pairs">The second texts of sentence pairs, one per text, or null.</param>
    public static T[] Run<T>(BertTokenizer tokenizer, IReadOnlyList<string> texts, int maxLength, int batchSize, Device device,
        Func<BertInputs, Tensor> forward, Func<double[], T> read, IReadOnlyList<string>? pairs = null)
    {
        var encodings = tokenizer.EncodeMany(texts, pairs, new BertEncodeOptions { MaxLength = maxLength });
        var examples = encodings.Select(e => new EncodedExample(e.InputIds, e.TokenTypeIds, 0)).ToList();
        var results = new T[texts.Count];
        using var noGrad = no_grad();
        foreach (var indices in BatchPlanner.ForScoring(examples.Select(e => e.Length).ToList(), batchSize))
        {
            Runtime.CpuThreads.Tick();
            using var scope = NewDisposeScope();
            using var batch = BatchCollator.Collate(indices.Select(i => examples[i]).ToList(), Padding.Longest, 0, tokenizer.PaddingTokenId, device);
            var rows = forward(batch.Inputs).to(ScalarType.Float64).cpu();
            int width = (int)rows.shape[1];
            var values = rows.data<double>().ToArray();
            for (int row = 0; row < indices.Length; row++)
                results[indices[row]] = read(values[(row * width)..((row + 1) * width)]);
        }
        return results;
    }
}
