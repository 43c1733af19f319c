using System.Globalization;
using System.Text;

namespace BertGen.Tokenization;

/// <summary>
/// The character classes of BERT's basic tokenization, as Hugging Face's tokenizers library defines
/// them (which is what produced the reference ids the tests hold it to).
/// </summary>
internal static class BertCharacters
{
    /// <summary>Tab, newline and carriage return, and every character with Unicode's White_Space property.</summary>
    public static bool IsWhitespace(Rune rune) => Rune.IsWhiteSpace(rune);

    /// <summary>
    /// Control, format and private-use characters (not unassigned ones, which become [UNK]) except tab, newline and carriage
    /// return, which count as whitespace. Cleaning removes them, so "a\u200Bb" is one word.
    /// </summary>
    public static bool IsControl(Rune rune)
    {
        if (rune.Value is '\t' or '\n' or '\r')
            return false;
        return Rune.GetUnicodeCategory(rune) is UnicodeCategory.Control or UnicodeCategory.Format
            or UnicodeCategory.PrivateUse or UnicodeCategory.Surrogate;
    }

    /// <summary>
    /// ASCII symbols such as $ + &lt; = &gt; ^ ` | ~ (which Unicode calls symbols, not punctuation) and every
    /// Unicode punctuation character: each becomes a word of its own.
    /// </summary>
    public static bool IsPunctuation(Rune rune)
    {
        int value = rune.Value;
        if (value is >= 33 and <= 47 or >= 58 and <= 64 or >= 91 and <= 96 or >= 123 and <= 126)
            return true;
        return value > 127 && Rune.GetUnicodeCategory(rune) is UnicodeCategory.ConnectorPunctuation or UnicodeCategory.DashPunctuation
            or UnicodeCategory.OpenPunctuation or UnicodeCategory.ClosePunctuation or UnicodeCategory.InitialQuotePunctuation
            or UnicodeCategory.FinalQuotePunctuation or UnicodeCategory.OtherPunctuation;
    }

    /// <summary>CJK ideographs, which BERT treats as words of one character each.</summary>
    public static bool IsCjkIdeograph(Rune rune) => rune.Value is
        >= 0x4E00 and <= 0x9FFF or >= 0x3400 and <= 0x4DBF or >= 0x20000 and <= 0x2A6DF or >= 0x2A700 and <= 0x2B73F
        or >= 0x2B740 and <= 0x2B81F or >= 0x2B820 and <= 0x2CEAF or >= 0xF900 and <= 0xFAFF or >= 0x2F800 and <= 0x2FA1F;
}
