using System.Text;

namespace BertGen.Tokenization;

/// <summary>
/// Reads a WordPiece <c>vocab.txt</c> as Hugging Face's <c>load_vocab</c> does (one token per line, the line's
/// number is the token's id), but refuses what would silently change ids there or fail later: a file that is not
/// UTF-8, a blank line inside the file (it shifts every later id), a token written twice (the later line wins in
/// Hugging Face and the earlier id can never be produced), a token with control characters or surrounding
/// whitespace (the tokenizer can never produce it), and a missing special token. Errors name the file and line.
/// </summary>
public static class VocabularyFile
{
    /// <summary>The most tokens a vocabulary may hold (the largest <c>vocab_size</c> a configuration may give).</summary>
    public const int MaxTokens = 10_000_000;

    // A token is a word piece, so a line much longer than any word is not a vocabulary's.
    private const int MaxTokenLength = 1_000;

    private static readonly UTF8Encoding s_strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The tokens of <paramref name="path"/> by id, checked.</summary>
    public static string[] Read(string path, IEnumerable<string> requiredTokens)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"{path}: the vocabulary file does not exist", path);
        var info = new FileInfo(path);
        // A token, its newline and the longest allowed line bound the size before anything is read.
        if (info.Length > (long)MaxTokens * 64)
            throw new TokenizerException($"{path}: {info.Length:N0} bytes is too large for a vocabulary of at most {MaxTokens:N0} tokens");
        var bytes = File.ReadAllBytes(path);
        // A byte-order mark is not part of the first token.
        int start = bytes.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? 3 : 0;
        var lines = SplitLines(bytes.AsSpan(start));
        // Newlines at the end of the file add no tokens (Hugging Face's reader would add empty ones at the end,
        // which no text can produce); a blank line before the last token is an error.
        int count = lines.Count;
        while (count > 0 && lines[count - 1].Length == 0)
            count--;
        if (count == 0)
            throw new TokenizerException($"{path}: the vocabulary is empty; expected one token per line");
        if (count > MaxTokens)
            throw new TokenizerException($"{path}: {count:N0} tokens; a vocabulary holds at most {MaxTokens:N0}");

        var tokens = new string[count];
        var firstLine = new Dictionary<string, int>(count, StringComparer.Ordinal);
        for (int i = 0; i < count; i++)
        {
            int line = i + 1;
            var (offset, length) = lines[i];
            string token;
            try
            {
                token = s_strictUtf8.GetString(bytes, start + offset, length);
            }
            catch (DecoderFallbackException)
            {
                throw new TokenizerException($"{path}:{line}: the line is not valid UTF-8; a vocabulary is UTF-8 text");
            }
            if (token.Length == 0)
                throw new TokenizerException($"{path}:{line}: the line is blank; every line is a token and its line number is its id, so a blank line would shift every later id");
            if (token.Length > MaxTokenLength)
                throw new TokenizerException($"{path}:{line}: a token of {token.Length:N0} characters; a word piece has at most {MaxTokenLength:N0}");
            if (token.Any(char.IsControl))
                throw new TokenizerException($"{path}:{line}: the token contains a control character (U+{(int)token.First(char.IsControl):X4}), which the tokenizer removes from text, so no text could produce it");
            if (char.IsWhiteSpace(token[0]) || char.IsWhiteSpace(token[^1]))
                throw new TokenizerException($"{path}:{line}: the token \"{token}\" begins or ends with whitespace, on which the tokenizer splits, so no text could produce it");
            if (!firstLine.TryAdd(token, line))
                throw new TokenizerException($"{path}:{line}: the token \"{token}\" is already on line {firstLine[token]}; each token has one id");
            tokens[i] = token;
        }
        foreach (var required in requiredTokens)
        {
            if (!firstLine.ContainsKey(required))
                throw new TokenizerException($"{path}: the vocabulary lacks the special token {required}");
        }
        return tokens;
    }

    // Lines end at \n, \r\n or \r, as Python's text mode reads them.
    private static List<(int Offset, int Length)> SplitLines(ReadOnlySpan<byte> text)
    {
        var lines = new List<(int, int)>();
        int lineStart = 0;
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] is not ((byte)'\n' or (byte)'\r'))
                continue;
            lines.Add((lineStart, i - lineStart));
            if (text[i] == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                i++;
            lineStart = i + 1;
        }
        if (lineStart < text.Length)
            lines.Add((lineStart, text.Length - lineStart));
        return lines;
    }
}
