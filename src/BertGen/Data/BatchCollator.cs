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
        int length = padding == Padding.MaxLength ? maxLength : examples.Max(e => e.Length);
        int batch = examples.Count;
        var ids = new long[batch * length];
        var mask = new long[batch * length];
        var types = new long[batch * length];
        var labels = new long[batch];
        long real = 0;
        if (padTokenId != 0)
            Array.Fill(ids, padTokenId);
        for (int row = 0; row < batch; row++)
        {
            var example = examples[row];
            if (example.Length > length)
                throw new ArgumentException($"an example has {example.Length} tokens, more than the padded length {length}");
            int offset = row * length;
            for (int i = 0; i < example.Length; i++)
            {
                ids[offset + i] = example.InputIds[i];
                types[offset + i] = example.TokenTypeIds[i];
                mask[offset + i] = 1;
            }
            labels[row] = example.Label;
            real += example.Length;
        }
        long[] shape = [batch, length];
        var inputs = new BertInputs(tensor(ids, shape, device: device), tensor(mask, shape, device: device), tensor(types, shape, device: device));
        return new TensorBatch(inputs, tensor(labels, device: device), real, (long)batch * length);
    }
}
