using BertGen.Modeling;
using BertGen.Tokenization;
using static TorchSharp.torch;

namespace BertGen.Data;

/// <summary>A batch as tensors, with how many of its positions are real tokens and how many padding.</summary>
public sealed class TensorBatch(BertInputs inputs, Tensor labels, long realTokens, long paddedTokens) : IDisposable
{
    public BertInputs Inputs { get; } = inputs;
    public Tensor Labels { get; } = labels;

    /// <summary>Positions holding text (attention mask 1).</summary>
    public long RealTokens { get; } = realTokens;

    /// <summary>All positions the model computes over: batch × padded length.</summary>
    public long PaddedTokens { get; } = paddedTokens;

    public void Dispose()
    {
        Inputs.InputIds.Dispose();
        Inputs.AttentionMask?.Dispose();
        Inputs.TokenTypeIds?.Dispose();
        Labels.Dispose();
    }
}

/// <summary>
/// Pads examples into (batch, length) tensors: to the batch's longest (dynamic) or to a fixed length, optionally
/// rounded up to a multiple (Hugging Face's <c>pad_to_multiple_of</c>).
/// </summary>
public static class BatchCollator
{
    /// <summary>
    /// Collates a batch. <c>padToMultipleOf</c> rounds the padded length up to a multiple of it (1: no rounding),
    /// never past <c>maxLength</c> when that is positive.
    /// </summary>
    public static TensorBatch Collate(IReadOnlyList<EncodedExample> examples, Padding padding, int maxLength, int padTokenId, Device? device = null, int padToMultipleOf = 1)
    {
        var inputs = Pad(examples.Select(e => (e.InputIds, e.TokenTypeIds)).ToList(), padding, maxLength, padTokenId, device, padToMultipleOf);
        long real = examples.Sum(e => (long)e.Length);
        return new TensorBatch(inputs, Labels(examples, device), real, inputs.InputIds.numel());
    }

    /// <summary>Class ids (batch), or float targets (batch, targets) when the examples carry them.</summary>
    private static Tensor Labels(IReadOnlyList<EncodedExample> examples, Device? device)
    {
        if (examples[0].Targets is not { } first)
            return tensor(examples.Select(e => (long)e.Label).ToArray(), device: device);
        var targets = new float[examples.Count * first.Length];
        for (int row = 0; row < examples.Count; row++)
        {
            var values = examples[row].Targets ?? throw new ArgumentException("a batch mixes examples with and without float targets");
            if (values.Length != first.Length)
                throw new ArgumentException($"a batch mixes examples of {first.Length} and {values.Length} targets");
            values.CopyTo(targets, row * first.Length);
        }
        return tensor(targets, [examples.Count, first.Length], device: device);
    }

    /// <summary>Pads encodings (ids, segments) into model inputs with the attention mask.</summary>
    public static BertInputs Pad(IReadOnlyList<(int[] InputIds, int[] TokenTypeIds)> encodings, Padding padding, int maxLength, int padTokenId, Device? device = null, int padToMultipleOf = 1)
    {
        if (encodings.Count == 0)
            throw new ArgumentException("a batch needs at least one encoding", nameof(encodings));
        int length = PaddedLength(encodings.Max(e => e.InputIds.Length), padding, maxLength, padToMultipleOf);
        int batch = encodings.Count;
        var ids = new long[batch * length];
        var mask = new long[batch * length];
        var types = new long[batch * length];
        if (padTokenId != 0)
            Array.Fill(ids, padTokenId);
        for (int row = 0; row < batch; row++)
        {
            var (inputIds, tokenTypeIds) = encodings[row];
            if (inputIds.Length > length)
                throw new ArgumentException($"an encoding has {inputIds.Length} tokens, more than the padded length {length}");
            int offset = row * length;
            for (int i = 0; i < inputIds.Length; i++)
            {
                ids[offset + i] = inputIds[i];
                types[offset + i] = tokenTypeIds[i];
                mask[offset + i] = 1;
            }
        }
        long[] shape = [batch, length];
        return new BertInputs(tensor(ids, shape, device: device), tensor(mask, shape, device: device), tensor(types, shape, device: device));
    }

    /// <summary>
    /// The length a batch is padded to. Rounding to a multiple gives the matrix kernels fewer distinct shapes: on
    /// CPU oneDNN compiles and caches a kernel for every shape it meets, and dynamic padding alone makes hundreds.
    /// </summary>
    public static int PaddedLength(int longest, Padding padding, int maxLength, int padToMultipleOf)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(padToMultipleOf, 1);
        int length = padding == Padding.MaxLength ? maxLength : longest;
        int rounded = (int)((length + (long)padToMultipleOf - 1) / padToMultipleOf * padToMultipleOf);
        // The cap keeps positions within the model's table; a batch longer than the cap is the caller's error below.
        return maxLength > 0 ? Math.Max(length, Math.Min(rounded, maxLength)) : rounded;
    }
}
