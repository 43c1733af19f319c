using System.Text;
using Microsoft.ML.Tokenizers;

namespace BertGen.Tokenization;

/// <summary>
/// Hugging Face's <c>BertPreTokenizer</c>, run on normalized text: split on whitespace (dropped) and make
/// every punctuation character a word of its own. WordPiece then splits each word into sub-words.
/// </summary>
public sealed class BertWordSplitter : PreTokenizer
{
    public static BertWordSplitter Instance { get; } = new();

    public override IEnumerable<(int Offset, int Length)> PreTokenize(string text) => PreTokenize(text.AsSpan());

    public override IEnumerable<(int Offset, int Length)> PreTokenize(ReadOnlySpan<char> text)
    {
        var words = new List<(int Offset, int Length)>();
        int wordStart = -1;
        int position = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            int width = rune.Utf16SequenceLength;
            if (BertCharacters.IsWhitespace(rune))
            {
                Close(words, ref wordStart, position);
            }
            else if (BertCharacters.IsPunctuation(rune))
            {
                Close(words, ref wordStart, position);
                words.Add((position, width));
            }
            else if (wordStart < 0)
            {
                wordStart = position;
            }
            position += width;
        }
        Close(words, ref wordStart, position);
        return words;
    }

    private static void Close(List<(int Offset, int Length)> words, ref int wordStart, int end)
    {
        if (wordStart >= 0)
            words.Add((wordStart, end - wordStart));
        wordStart = -1;
    }
}
