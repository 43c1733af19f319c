using System.Text.RegularExpressions;

namespace BertGen.Data;

/// <summary>The tutorial's cleaning (SPEC §4): HTML line breaks left from scraping removed, whitespace runs collapsed.</summary>
public static partial class TextCleaning
{
    [GeneratedRegex(@"<br\s*/?>", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex LineBreakTag();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    public static string Clean(string text) => Whitespace().Replace(LineBreakTag().Replace(text, " "), " ").Trim();
}
