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

/// <summary>Pads examples into (batch, length) tensors: to the batch's longest (dynamic) or to a fixed length.</summary>
public static class BatchCollator
{
    public static TensorBatch Collate(IReadOnlyList<EncodedExample> examples, Padding padding, int maxLength, int padTokenId, Device? device = null)
    {
        var inputs = Pad(examples.Select(e => (e.InputIds, e.TokenTypeIds)).ToList(), padding, maxLength, padTokenId, device);
        long real = examples.Sum(e => (long)e.Length);
        return new TensorBatch(inputs, tensor(examples.Select(e => (long)e.Label).ToArray(), device: device), real, inputs.InputIds.numel());
    }

    /// <summary>Pads encodings (ids, segments) into model inputs with the attention mask.</summary>
    public static BertInputs Pad(IReadOnlyList<(int[] InputIds, int[] TokenTypeIds)> encodings, Padding padding, int maxLength, int padTokenId, Device? device = null)
    {
        if (encodings.Count == 0)
            throw new ArgumentException("a batch needs at least one encoding", nameof(encodings));
        int length = padding == Padding.MaxLength ? maxLength : encodings.Max(e => e.InputIds.Length);
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
}
