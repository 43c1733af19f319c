using System.Collections.Frozen;
using System.Text;

namespace BertGen.Tokenization;

/// <summary>
/// BERT's accent stripping: canonical decomposition (NFD), then nonspacing marks removed, so "café"
/// becomes "cafe" and a lone combining accent disappears. Done from a fixed table (see
/// make_accent_table.py) rather than <see cref="string.Normalize()"/>, which does nothing in
/// globalization-invariant mode and otherwise depends on the host's ICU version.
/// </summary>
internal static partial class AccentStripping
{
    private const int HangulFirst = 0xAC00, HangulLast = 0xD7A3;

    private static readonly FrozenDictionary<int, string> s_replacements = ParseTable();

    /// <summary>Appends what <paramref name="rune"/> becomes after accent stripping.</summary>
    public static void Append(StringBuilder output, Rune rune)
    {
        int value = rune.Value;
        if (value < 0xC0)
        {
            // Nothing below À decomposes or is a nonspacing mark.
            output.Append((char)value);
        }
        else if (value is >= HangulFirst and <= HangulLast)
        {
            AppendHangulJamo(output, value);
        }
        else if (s_replacements.TryGetValue(value, out var replacement))
        {
            output.Append(replacement);
        }
        else
        {
            AppendRune(output, rune);
        }
    }

    // Hangul syllables decompose by arithmetic (Unicode §3.12) into leading consonant, vowel and an
    // optional trailing consonant.
    private static void AppendHangulJamo(StringBuilder output, int syllable)
    {
        const int LeadBase = 0x1100, VowelBase = 0x1161, TrailBase = 0x11A7, VowelCount = 21, TrailCount = 28;
        int index = syllable - HangulFirst;
        output.Append((char)(LeadBase + index / (VowelCount * TrailCount)));
        output.Append((char)(VowelBase + index % (VowelCount * TrailCount) / TrailCount));
        if (index % TrailCount != 0)
            output.Append((char)(TrailBase + index % TrailCount));
    }

    internal static void AppendRune(StringBuilder output, Rune rune)
    {
        if (rune.IsBmp)
        {
            output.Append((char)rune.Value);
        }
        else
        {
            Span<char> pair = stackalloc char[2];
            rune.EncodeToUtf16(pair);
            output.Append(pair);
        }
    }

    private static FrozenDictionary<int, string> ParseTable()
    {
        var map = new Dictionary<int, string>();
        foreach (var entry in Table.Split('\u0001', StringSplitOptions.RemoveEmptyEntries))
        {
            var key = Rune.GetRuneAt(entry, 0);
            map[key.Value] = entry[key.Utf16SequenceLength..];
        }
        return map.ToFrozenDictionary();
    }
}
