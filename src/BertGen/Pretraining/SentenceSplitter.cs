using System.Text.RegularExpressions;

namespace BertGen.Pretraining;

/// <summary>
/// Splits English prose into sentences, well enough to build next-sentence pairs. A sentence ends at
/// . ! or ? (possibly repeated, possibly followed by closing quotes or brackets) when whitespace and then
/// an uppercase letter, a digit or an opening quote or bracket follow. It does not split after common
/// abbreviations (Mr., Dr., e.g., etc., U.S., vs.) or single initials ("J. R. R. Tolkien"), and decimals
/// (3.14) never split. It does not handle sentences that start in lowercase, abbreviations outside its
/// list, or text without spaces after punctuation; those stay joined to the sentence before them. Written
/// by hand: no sentence-segmentation library for .NET is available here.
/// </summary>
public static partial class SentenceSplitter
{
    private static readonly HashSet<string> s_abbreviations = new(StringComparer.OrdinalIgnoreCase)
    {
        "mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "mt", "vs", "etc", "e.g", "i.e", "inc", "ltd", "co", "corp",
        "no", "vol", "fig", "ft", "approx", "dept", "gen", "gov", "sgt", "capt", "lt", "col", "rev", "u.s", "u.k", "a.m", "p.m",
        "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    };

    [GeneratedRegex("""[.!?]+["')\]]*(?=\s+["'(\[]?[\p{Lu}\d])""")]
    private static partial Regex Boundary();

    [GeneratedRegex(@"(\S+)$")]
    private static partial Regex LastWord();

    public static List<string> Split(string text)
    {
        var sentences = new List<string>();
        int start = 0;
        foreach (Match boundary in Boundary().Matches(text))
        {
            int end = boundary.Index + boundary.Length;
            if (boundary.Value[0] == '.' && IsAbbreviation(text.AsSpan(start, boundary.Index - start)))
                continue;
            Add(sentences, text[start..end]);
            start = end;
        }
        Add(sentences, text[start..]);
        return sentences;
    }

    private static bool IsAbbreviation(ReadOnlySpan<char> before)
    {
        var word = LastWord().Match(before.ToString());
        if (!word.Success)
            return false;
        var token = word.Groups[1].Value.TrimStart('(', '"', '\'');
        return (token.Length == 1 && char.IsUpper(token[0])) || s_abbreviations.Contains(token);
    }

    private static void Add(List<string> sentences, string sentence)
    {
        sentence = sentence.Trim();
        if (sentence.Length > 0)
            sentences.Add(sentence);
    }
}
