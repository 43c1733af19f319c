namespace BertGen.Data;

/// <summary>
/// A tokenized example: ids and segments of <c>[CLS] text [SEP]</c> (or <c>[CLS] A [SEP] B [SEP]</c>), and its
/// class id; or, for regression and multi-label classification, its float targets (one number, or 0/1 per class).
/// </summary>
public sealed record EncodedExample(int[] InputIds, int[] TokenTypeIds, int Label, float[]? Targets = null)
{
    public int Length => InputIds.Length;
}
