namespace BertGen.Tokenization;

/// <summary>
/// One encoded text or text pair: <c>[CLS] A [SEP]</c> or <c>[CLS] A [SEP] B [SEP]</c> as ids, with the
/// segment of each token (0 for A, 1 for B). Unpadded: every position is a real token.
/// </summary>
public sealed record BertEncoding(int[] InputIds, int[] TokenTypeIds)
{
    public int Length => InputIds.Length;

    /// <summary>
    /// With <see cref="BertTokenizer.EncodeWithOffsets"/> or <see cref="BertTokenizer.EncodeWords"/>: each token's span
    /// <c>[Start, End)</c> of its text (of its word for pre-split words), <c>(0, 0)</c> for special tokens; else null.
    /// </summary>
    public (int Start, int End)[]? Offsets { get; init; }

    /// <summary>With <see cref="BertTokenizer.EncodeWords"/>: the word each token came from, null for special tokens.</summary>
    public int?[]? WordIds { get; init; }
}

/// <summary>How a batch is padded.</summary>
public enum Padding
{
    /// <summary>To the longest sequence in the batch (dynamic padding): no compute spent on needless [PAD]s.</summary>
    Longest,

    /// <summary>Every sequence to <see cref="BertEncodeOptions.MaxLength"/>, as the tutorial does.</summary>
    MaxLength,
}

/// <summary>Length limits and padding for encoding.</summary>
public sealed record BertEncodeOptions
{
    /// <summary>The longest encoding, special tokens included (BERT's positions allow 512).</summary>
    public int MaxLength { get; init; } = 512;

    /// <summary>Cut texts that are too long (pairs: longest first). Without it, long texts raise an error.</summary>
    public bool Truncation { get; init; } = true;

    public Padding Padding { get; init; } = Padding.Longest;

    /// <summary>Round the padded length up to a multiple of this, never past <see cref="MaxLength"/> (1: no rounding).</summary>
    public int PadToMultipleOf { get; init; } = 1;

    public static BertEncodeOptions Default { get; } = new();
}
