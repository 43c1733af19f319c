using BertGen.Data;
using BertGen.Modeling;
using BertGen.Tokenization;
using static TorchSharp.torch;

namespace BertGen.Pretraining;

/// <summary>A padded batch of masked examples: inputs, masked-LM labels (-100 at padding) and next-sentence labels.</summary>
public sealed class PretrainingBatch(BertInputs inputs, Tensor labels, Tensor nextSentenceLabels, long realTokens) : IDisposable
{
    public BertInputs Inputs { get; } = inputs;
    public Tensor Labels { get; } = labels;
    public Tensor NextSentenceLabels { get; } = nextSentenceLabels;
    public long RealTokens { get; } = realTokens;
    public long PaddedTokens => Inputs.InputIds.numel();

    /// <summary>
    /// Pads to the longest sequence, rounded up to a multiple of <paramref name="padToMultipleOf"/> (never past
    /// <paramref name="maxLength"/> when that is positive), as fine-tuning batches are.
    /// </summary>
    public static PretrainingBatch Collate(IReadOnlyList<MaskedExample> examples, int padTokenId, Device? device = null, int padToMultipleOf = 1, int maxLength = 0)
    {
        var inputs = BatchCollator.Pad(examples.Select(e => (e.InputIds, e.TokenTypeIds)).ToList(), Padding.Longest, maxLength, padTokenId, device, padToMultipleOf);
        long length = inputs.InputIds.shape[1];
        var labels = new long[examples.Count * length];
        Array.Fill(labels, BertLosses.IgnoreIndex);
        for (int row = 0; row < examples.Count; row++)
        {
            for (int i = 0; i < examples[row].Labels.Length; i++)
                labels[row * length + i] = examples[row].Labels[i];
        }
        return new PretrainingBatch(inputs, tensor(labels, [examples.Count, length], device: device),
            tensor(examples.Select(e => (long)e.NextSentenceLabel).ToArray(), device: device), examples.Sum(e => (long)e.InputIds.Length));
    }

    public void Dispose()
    {
        Inputs.InputIds.Dispose();
        Inputs.AttentionMask?.Dispose();
        Inputs.TokenTypeIds?.Dispose();
        Labels.Dispose();
        NextSentenceLabels.Dispose();
    }
}
