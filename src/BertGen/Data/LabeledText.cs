namespace BertGen.Data;

/// <summary>
/// One labelled text (or text pair, with <paramref name="Pair"/> as the second sequence) and where it came from
/// (file and line, for messages). The label is as written: a class name, a number (regression) or a delimited
/// list of classes (multi-label).
/// </summary>
public sealed record LabeledText(string Text, string Label, string Source, long Line, string? Pair = null);

/// <summary>Bad input data; the message names the file and line and says what was expected.</summary>
public sealed class DataException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>What reading a data set gave: the examples, and the rows skipped as bad (when skipping was asked for).</summary>
public sealed record TextDataset(IReadOnlyList<LabeledText> Examples, int SkippedRows, IReadOnlyList<string> SkippedReasons)
{
    /// <summary>The distinct labels, in ordinal order.</summary>
    public IReadOnlyList<string> Labels => Examples.Select(e => e.Label).Distinct().Order(StringComparer.Ordinal).ToList();
}

/// <summary>Where texts and labels are and what to do with bad rows.</summary>
public sealed record TextDataOptions
{
    /// <summary>
    /// The column with the text (the tutorial's IMDb file: <c>review</c>): a header name, a 0-based column index
    /// when <see cref="HasHeader"/> is false, or a field name in JSON Lines.
    /// </summary>
    public string TextColumn { get; init; } = "review";

    /// <summary>
    /// The column with the second text of a sentence pair (<c>[CLS] A [SEP] B [SEP]</c>; MRPC: <c>#2 String</c>),
    /// named as <see cref="TextColumn"/> is; null for single texts.
    /// </summary>
    public string? TextPairColumn { get; init; }

    /// <summary>The column with the label (IMDb: <c>sentiment</c>), named as <see cref="TextColumn"/> is.</summary>
    public string LabelColumn { get; init; } = "sentiment";

    /// <summary>
    /// The field separator of a delimited file. When null: a tab for <c>.tsv</c> and <c>.tsv.gz</c>, otherwise
    /// detected from the first lines (comma, semicolon, tab or bar). Tab-separated files are read without quote
    /// processing (a <c>"</c> is text); other separators with RFC 4180 quoting.
    /// </summary>
    public char? Delimiter { get; init; }

    /// <summary>Whether the first row of a delimited file is a header; without one, columns are 0-based indexes.</summary>
    public bool HasHeader { get; init; } = true;

    /// <summary>Remove <c>&lt;br /&gt;</c> tags and collapse whitespace (SPEC §4), as the tutorial does.</summary>
    public bool Clean { get; init; } = true;

    /// <summary>Skip rows that cannot be used (counted and reported) instead of stopping at the first.</summary>
    public bool SkipBadRows { get; init; }

    /// <summary>When set, labels outside it are errors (for example a model's <c>id2label</c>).</summary>
    public IReadOnlyCollection<string>? KnownLabels { get; init; }

    public static TextDataOptions Default { get; } = new();
}
