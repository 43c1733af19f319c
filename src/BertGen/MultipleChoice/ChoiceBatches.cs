using BertGen.Data;
using BertGen.Modeling;
using BertGen.Tokenization;
using static TorchSharp.torch;

namespace BertGen.MultipleChoice;

/// <summary>How multiple-choice examples become tensors, for training and prediction alike.</summary>
public static class ChoiceBatches
{
    /// <summary>
    /// Tokenizes every (context, choice) pair on all cores as <c>[CLS] context [SEP] choice [SEP]</c>, truncated
    /// longest first to <paramref name="maxLength"/>. Every example must have as many choices as the first.
    /// </summary>
    public static List<EncodedChoices> Encode(BertTokenizer tokenizer, IReadOnlyList<ChoiceExample> examples, int maxLength)
    {
        int choices = examples.Count == 0 ? 0 : examples[0].Choices.Count;
        if (examples.FirstOrDefault(e => e.Choices.Count != choices) is { } odd)
            throw new DataException($"{odd.Source}:{odd.Line}: has {odd.Choices.Count} choices where the first example has {choices}");
        var encodings = tokenizer.EncodeMany(
            examples.SelectMany(e => e.Choices.Select(_ => e.Context)).ToList(),
            examples.SelectMany(e => e.Choices).ToList(),
            new BertEncodeOptions { MaxLength = maxLength });
        return examples.Select((e, i) =>
        {
            var mine = encodings.AsSpan(i * choices, choices).ToArray();
            return new EncodedChoices(mine.Select(m => m.InputIds).ToArray(), mine.Select(m => m.TokenTypeIds).ToArray(), e.Label);
        }).ToList();
    }

    /// <summary>
    /// Every choice of every example padded to one length (rounded up to <paramref name="padToMultipleOf"/>, never
    /// past <paramref name="maxLength"/> when positive) as (batch, choices, sequence) inputs, with the answers and
    /// the count of real tokens.
    /// </summary>
    public static (BertInputs Inputs, Tensor Labels, long RealTokens) Collate(IReadOnlyList<EncodedChoices> examples, int padTokenId, Device device, int maxLength = 0, int padToMultipleOf = 1)
    {
        int choices = examples[0].InputIds.Length;
        var flat = examples.SelectMany(e => e.InputIds.Zip(e.TokenTypeIds)).ToList();
        var padded = BatchCollator.Pad(flat, Padding.Longest, maxLength, padTokenId, device, padToMultipleOf);
        Tensor Unflatten(Tensor t) => t.view(examples.Count, choices, t.shape[^1]);
        var inputs = new BertInputs(Unflatten(padded.InputIds), Unflatten(padded.AttentionMask!), Unflatten(padded.TokenTypeIds!));
        long real = flat.Sum(f => (long)f.First.Length);
        return (inputs, tensor(examples.Select(e => (long)e.Label).ToArray(), device: device), real);
    }
}
