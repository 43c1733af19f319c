using System.CommandLine;
using BertGen.Data;

namespace BertGen.Cli;

/// <summary>The options every command that reads labelled data shares.</summary>
internal sealed class DataOptions
{
    public Option<string> TextColumn { get; } = new("--text-column") { Description = "CSV column with the text", DefaultValueFactory = _ => "review" };
    public Option<string> LabelColumn { get; } = new("--label-column") { Description = "CSV column with the label", DefaultValueFactory = _ => "sentiment" };
    public Option<bool> NoClean { get; } = new("--no-clean") { Description = "Keep <br /> tags and whitespace runs (cleaning is on by default, as in the tutorial)" };
    public Option<bool> SkipBadRows { get; } = new("--skip-bad-rows") { Description = "Skip rows with an empty text or label or that do not parse, and count them, instead of stopping" };

    public void AddTo(Command command)
    {
        command.Options.Add(TextColumn);
        command.Options.Add(LabelColumn);
        command.Options.Add(NoClean);
        command.Options.Add(SkipBadRows);
    }

    public TextDataOptions Read(ParseResult result) => new()
    {
        TextColumn = result.GetValue(TextColumn)!,
        LabelColumn = result.GetValue(LabelColumn)!,
        Clean = !result.GetValue(NoClean),
        SkipBadRows = result.GetValue(SkipBadRows),
    };
}
