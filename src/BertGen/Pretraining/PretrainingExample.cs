namespace BertGen.Pretraining;

/// <summary>
/// One pretraining sequence before masking: <c>[CLS] A [SEP] B [SEP]</c> (or <c>[CLS] A [SEP]</c> for masked LM
/// only), segment ids, which positions start a word (for whole-word masking), and whether B is a random
/// segment (NotNext = 1) or the one that follows A (IsNext = 0).
/// </summary>
public sealed record PretrainingExample(int[] InputIds, int[] TokenTypeIds, bool[] WordStarts, bool[] Special, int NextSentenceLabel)
{
    public const int IsNext = 0, NotNext = 1;

    public int Length => InputIds.Length;
}

/// <summary>A masked example: the ids the model sees and the labels (-100 where nothing is predicted).</summary>
public sealed record MaskedExample(int[] InputIds, int[] TokenTypeIds, int[] Labels, int NextSentenceLabel);
