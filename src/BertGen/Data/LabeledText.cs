namespace BertGen.Data;

/// <summary>One labelled text and where it came from (file and line, for messages).</summary>
public sealed record LabeledText(string Text, string Label, string Source, long Line);

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
    /// <summary>The CSV column with the text (the tutorial's IMDb file: <c>review</c>).</summary>
    public string TextColumn { get; init; } = "review";

    /// <summary>The CSV column with the label (IMDb: <c>sentiment</c>).</summary>
    public string LabelColumn { get; init; } = "sentiment";

    /// <summary>Remove <c>&lt;br /&gt;</c> tags and collapse whitespace (SPEC §4), as the tutorial does.</summary>
    public bool Clean { get; init; } = true;

    /// <summary>Skip rows that cannot be used (counted and reported) instead of stopping at the first.</summary>
    public bool SkipBadRows { get; init; }

    /// <summary>When set, labels outside it are errors (for example a model's <c>id2label</c>).</summary>
    public IReadOnlyCollection<string>? KnownLabels { get; init; }

    public static TextDataOptions Default { get; } = new();
}
