namespace BertGen.TokenClassification;

/// <summary>One sentence of pre-split words with a tag per word (IOB2 once read), and where it was read from.</summary>
public sealed record TaggedSentence(IReadOnlyList<string> Words, IReadOnlyList<string> Tags, string Source, long Line);

/// <summary>What reading a tagged data set gave: the sentences, and those skipped as bad (when skipping was asked for).</summary>
public sealed record TaggedDataset(IReadOnlyList<TaggedSentence> Sentences, int SkippedRows, IReadOnlyList<string> SkippedReasons);

/// <summary>How entity spans are written in the tags. BertGen converts them to IOB2, as Hugging Face's CoNLL data has them.</summary>
public enum TagScheme
{
    /// <summary>B- begins every entity, I- continues it (CoNLL-2003 as Hugging Face distributes it).</summary>
    Iob2,

    /// <summary>I- begins an entity; B- only where an entity follows one of the same type (the original CoNLL-2003 files).</summary>
    Iob1,

    /// <summary>B- begins, I- continues, E- ends an entity; S- is a one-word entity.</summary>
    Bioes,
}

/// <summary>Where the words and tags are in a tagged file.</summary>
public sealed record TaggedDataOptions
{
    /// <summary>CoNLL files: the 0-based column of the tag (<c>word POS chunk NER</c>: 3); negative counts from the end (-1, the default: the last).</summary>
    public int TagColumn { get; init; } = -1;

    /// <summary>The scheme the tags are written in.</summary>
    public TagScheme Scheme { get; init; } = TagScheme.Iob2;

    /// <summary>JSON Lines: the field with the list of words.</summary>
    public string TokensField { get; init; } = "tokens";

    /// <summary>JSON Lines: the field with the list of tags (strings).</summary>
    public string TagsField { get; init; } = "tags";

    /// <summary>Skip sentences that cannot be read (a tag that breaks the scheme, a missing column), counting them, instead of stopping.</summary>
    public bool SkipBadRows { get; init; }
}
