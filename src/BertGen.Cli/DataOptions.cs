using System.CommandLine;
using BertGen.Data;

namespace BertGen.Cli;

/// <summary>The options every command that reads data files shares; <c>predict</c> reads no labels.</summary>
internal sealed class DataOptions(bool labelled = true)
{
    public Option<string> TextColumn { get; } = new("--text-column")
    {
        Description = "Column with the text: a header name, a 0-based index with --no-header, or a JSON Lines field", DefaultValueFactory = _ => "review",
    };

    public Option<string?> TextPairColumn { get; } = new("--text-pair-column")
    {
        Description = "Column with the second text of a sentence pair ([CLS] text [SEP] pair [SEP], segment ids 0 and 1; MRPC: '#2 String'), named as --text-column is",
    };

    public Option<string> LabelColumn { get; } = new("--label-column")
    {
        Description = "Column with the label, named as --text-column is", DefaultValueFactory = _ => "sentiment",
    };

    public Option<string> LabelSeparator { get; } = new("--label-separator")
    {
        Description = "Multi-label data: the character between the classes of one text in the label column", DefaultValueFactory = _ => ",",
    };

    public Option<string?> Delimiter { get; } = new("--delimiter")
    {
        Description = "Field separator of a delimited file: one character, or '\\t' (or 'tab') for tab-separated values, which are read without quote processing. "
            + "Default: a tab for .tsv/.tsv.gz, else detected (comma, semicolon, tab or |)",
    };

    public Option<bool> NoHeader { get; } = new("--no-header") { Description = "The delimited file has no header row: columns are given as 0-based indexes (--text-column 0)" };

    public Option<bool> Clean { get; } = new("--clean") { Description = "Remove <br /> tags and collapse whitespace runs in every text" };

    public Option<bool> NoClean { get; } = new("--no-clean") { Description = "Keep <br /> tags and whitespace runs" };

    public Option<bool> SkipBadRows { get; } = new("--skip-bad-rows") { Description = "Skip rows with an empty text or label or that do not parse, and count them, instead of stopping" };

    /// <summary>Adds the options, describing cleaning as the command applies it.</summary>
    public void AddTo(Command command, string cleaningDefault)
    {
        Clean.Description += $" ({cleaningDefault})";
        NoClean.Description += $" ({cleaningDefault})";
        command.Options.Add(TextColumn);
        command.Options.Add(TextPairColumn);
        if (labelled)
        {
            command.Options.Add(LabelColumn);
            command.Options.Add(LabelSeparator);
        }
        command.Options.Add(Delimiter);
        command.Options.Add(NoHeader);
        command.Options.Add(Clean);
        command.Options.Add(NoClean);
        command.Options.Add(SkipBadRows);
    }

    /// <summary>--clean or --no-clean as given, or null when neither is.</summary>
    public bool? CleanChoice(ParseResult result)
    {
        bool clean = result.GetValue(Clean), noClean = result.GetValue(NoClean);
        if (clean && noClean)
            throw new ArgumentException("give --clean or --no-clean, not both");
        return clean ? true : noClean ? false : null;
    }

    /// <summary>The reading options; texts are cleaned while reading when <paramref name="cleanWhileReading"/> is set.</summary>
    public TextDataOptions Read(ParseResult result, bool cleanWhileReading) => new()
    {
        TextColumn = result.GetValue(TextColumn)!,
        TextPairColumn = result.GetValue(TextPairColumn),
        LabelColumn = result.GetValue(LabelColumn)!,
        Delimiter = ParseDelimiter(result.GetValue(Delimiter)),
        HasHeader = !result.GetValue(NoHeader),
        Clean = cleanWhileReading,
        SkipBadRows = result.GetValue(SkipBadRows),
    };

    /// <summary>The multi-label separator as given: one character.</summary>
    public char Separator(ParseResult result) =>
        result.GetValue(LabelSeparator) is { Length: 1 } separator ? separator[0] : throw new ArgumentException("--label-separator: expected one character");

    /// <summary>One character, or a tab written as <c>\t</c>, <c>tab</c> or a real tab character.</summary>
    public static char? ParseDelimiter(string? value) => value switch
    {
        null => null,
        "\\t" or "\t" => '\t',
        _ when value.Equals("tab", StringComparison.OrdinalIgnoreCase) => '\t',
        { Length: 1 } when value[0] is not ('\r' or '\n' or '"') && char.IsAscii(value[0]) => value[0],
        _ => throw new ArgumentException($"--delimiter: expected one ASCII character other than a quote or line break, or '\\t' for a tab (got '{value}')"),
    };
}
