using BertGen.Data;
using BertGen.Modeling;
using BertGen.Tokenization;
using static TorchSharp.torch;

namespace BertGen.TokenClassification;

/// <summary>
/// One tagged sentence, encoded: the ids, a label per token aligned to the word pieces (-100 where no loss is taken),
/// the first token of each word (-1 for words cut by truncation) and each word's true tag id.
/// </summary>
public sealed record EncodedTags(int[] InputIds, int[] Labels, int[] FirstTokens, int[] WordTags)
{
    public int Length => InputIds.Length;
}

/// <summary>How tagged sentences become tensors, for training, evaluation and prediction.</summary>
public static class TagBatches
{
    /// <summary>The label of positions without a loss: special tokens, padding and (by default) continuation pieces.</summary>
    public const int Ignore = -100;

    /// <summary>
    /// Tokenizes every sentence's words on all cores and aligns the tags as Hugging Face's <c>run_ner</c> does: the first
    /// piece of a word carries its tag and the others -100, or with <paramref name="labelAllTokens"/> every piece (a B-
    /// word's later pieces as I-). Sentences longer than <paramref name="maxLength"/> lose their last words.
    /// </summary>
    public static List<EncodedTags> Encode(BertTokenizer tokenizer, IReadOnlyList<TaggedSentence> sentences, TagSet tags, int maxLength, bool labelAllTokens = false)
    {
        var encoded = new EncodedTags[sentences.Count];
        var options = new BertEncodeOptions { MaxLength = maxLength };
        Parallel.For(0, sentences.Count, i =>
        {
            var sentence = sentences[i];
            var wordTags = sentence.Tags.Select(t => tags.Id(t, sentence)).ToArray();
            var encoding = tokenizer.EncodeWords(sentence.Words, options);
            var firstTokens = FirstTokens(encoding.WordIds!, sentence.Words.Count);
            var labels = new int[encoding.Length];
            for (int t = 0; t < encoding.Length; t++)
            {
                labels[t] = Ignore;
                if (encoding.WordIds![t] is not { } word)
                    continue;
                if (firstTokens[word] == t)
                {
                    labels[t] = wordTags[word];
                }
                else if (labelAllTokens)
                {
                    var tag = sentence.Tags[word];
                    labels[t] = tag.StartsWith("B-", StringComparison.Ordinal) ? tags.Id("I-" + tag[2..], sentence) : wordTags[word];
                }
            }
            encoded[i] = new EncodedTags(encoding.InputIds, labels, firstTokens, wordTags);
        });
        return [.. encoded];
    }

    /// <summary>The first token of each of <paramref name="words"/> words, from an encoding's word ids; -1 for a word cut by truncation.</summary>
    public static int[] FirstTokens(IReadOnlyList<int?> wordIds, int words)
    {
        var first = Enumerable.Repeat(-1, words).ToArray();
        for (int t = 0; t < wordIds.Count; t++)
        {
            if (wordIds[t] is { } word && first[word] < 0)
                first[word] = t;
        }
        return first;
    }

    /// <summary>Each word's tag as its first token's (<paramref name="tagAt"/> gives a token's tag id); O for a word cut by truncation.</summary>
    public static string[] WordTags(IReadOnlyList<int> firstTokens, Func<int, int> tagAt, TagSet tags) =>
        firstTokens.Select(t => t < 0 ? "O" : tags.Names[tagAt(t)]).ToArray();

    /// <summary>
    /// Pads the sentences to one length (rounded up to <paramref name="padToMultipleOf"/>, never past
    /// <paramref name="maxLength"/> when positive) with their labels padded with -100, and counts the real tokens.
    /// </summary>
    public static (BertInputs Inputs, Tensor Labels, long RealTokens) Collate(IReadOnlyList<EncodedTags> examples, int padTokenId, Device device, int maxLength = 0, int padToMultipleOf = 1)
    {
        var inputs = BatchCollator.Pad(examples.Select(e => (e.InputIds, new int[e.Length])).ToList(), Padding.Longest, maxLength, padTokenId, device, padToMultipleOf);
        int length = (int)inputs.InputIds.shape[1];
        var labels = new long[examples.Count * length];
        Array.Fill(labels, Ignore);
        for (int b = 0; b < examples.Count; b++)
        {
            for (int t = 0; t < examples[b].Length; t++)
                labels[b * length + t] = examples[b].Labels[t];
        }
        return (inputs, tensor(labels, [examples.Count, length], device: device), examples.Sum(e => (long)e.Length));
    }
}
