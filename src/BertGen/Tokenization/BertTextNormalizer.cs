using System.Text;
using Microsoft.ML.Tokenizers;

namespace BertGen.Tokenization;

/// <summary>
/// Hugging Face's <c>BertNormalizer</c>: remove NUL, U+FFFD and control characters; turn every whitespace
/// character into a space; put spaces around CJK ideographs; for uncased vocabularies strip accents, then
/// lowercase. Microsoft.ML.Tokenizers' own BERT normalization differs (it joins words separated only by
/// tab or newline, dotnet/machinelearning#7724; drops symbols such as $ &lt; = &gt; | ~ £ ½; keeps accents),
/// so BertGen plugs this one into its tokenizer instead.
/// </summary>
public sealed class BertTextNormalizer(bool lowerCase) : Normalizer
{
    public bool LowerCase { get; } = lowerCase;

    public override string Normalize(string original) => Normalize(original.AsSpan());

    public override string Normalize(ReadOnlySpan<char> original)
    {
        if (IsPlainLowercaseAscii(original))
            return original.ToString();
        return Normalize(original, sources: null);
    }

    /// <summary>
    /// Normalizes <paramref name="original"/> and tells, for each character of the result, the span of the original
    /// character it came from, as Hugging Face's alignments do: removed characters (controls, combining accents)
    /// belong to no output character, and the spaces put around a CJK ideograph belong to the ideograph.
    /// </summary>
    public string Normalize(ReadOnlySpan<char> original, out (int Start, int End)[] sources)
    {
        var list = new List<(int Start, int End)>(original.Length + 8);
        var normalized = Normalize(original, list);
        sources = [.. list];
        return normalized;
    }

    private string Normalize(ReadOnlySpan<char> original, List<(int Start, int End)>? sources)
    {
        var output = new StringBuilder(original.Length + 8);
        int position = 0;
        foreach (var rune in original.EnumerateRunes())
        {
            int before = output.Length;
            AppendNormalized(output, rune);
            int width = rune.Utf16SequenceLength;
            for (int i = before; sources is not null && i < output.Length; i++)
                sources.Add((position, position + width));
            position += width;
        }
        return output.ToString();
    }

    private void AppendNormalized(StringBuilder output, Rune rune)
    {
        int value = rune.Value;
        if (value is 0 or 0xFFFD || BertCharacters.IsControl(rune))
            return;
        if (BertCharacters.IsWhitespace(rune))
        {
            output.Append(' ');
        }
        else if (BertCharacters.IsCjkIdeograph(rune))
        {
            output.Append(' ');
            AccentStripping.AppendRune(output, rune);
            output.Append(' ');
        }
        else if (!LowerCase)
        {
            AccentStripping.AppendRune(output, rune);
        }
        else
        {
            // Accents first, then case, as Hugging Face's tokenizers library orders them.
            int start = output.Length;
            AccentStripping.Append(output, rune);
            LowerCaseFrom(output, start);
        }
    }

    private static void LowerCaseFrom(StringBuilder output, int start)
    {
        Span<char> pair = stackalloc char[2];
        for (int i = start; i < output.Length; i++)
        {
            char c = output[i];
            if (char.IsHighSurrogate(c) && i + 1 < output.Length && char.IsLowSurrogate(output[i + 1]))
            {
                Rune.ToLowerInvariant(new Rune(c, output[i + 1])).EncodeToUtf16(pair);
                output[i] = pair[0];
                output[++i] = pair[1];
            }
            else
            {
                output[i] = char.ToLowerInvariant(c);
            }
        }
    }

    // Most review text is printable ASCII; when it is also already lowercase (or case is kept) nothing changes.
    private bool IsPlainLowercaseAscii(ReadOnlySpan<char> text)
    {
        foreach (char c in text)
        {
            if (c is < ' ' or > '~' || (LowerCase && c is >= 'A' and <= 'Z'))
                return false;
        }
        return true;
    }
}
