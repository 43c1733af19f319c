namespace BertGen.Data;

/// <summary>A tokenized example: ids and segments of <c>[CLS] text [SEP]</c>, and its class id.</summary>
public sealed record EncodedExample(int[] InputIds, int[] TokenTypeIds, int Label)
{
    public int Length => InputIds.Length;
}
