using System.Text;
using System.Text.RegularExpressions;
using BertGen.Tokenization;

namespace BertGen.Tests.Hardening;

/// <summary>
/// Malformed <c>vocab.txt</c> files: each is refused with a <see cref="TokenizerException"/> naming the file and line,
/// or read with exactly Hugging Face's ids (line numbers), never an internal exception or a silent shift of ids.
/// </summary>
public sealed partial class VocabularyHardeningTests : IDisposable
{
    internal static readonly string[] s_tokens =
    [
        "[PAD]", "[unused0]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "the", "a", "movie", "was", "good", "bad", "great", "plot",
        "act", "##ing", "##s", "##ed", "film", "é", "中", "!", ",", ".", "café", "naïve", "👍", "review", "story", "end",
    ];

    private readonly string folder = Directory.CreateTempSubdirectory("bertgen-vocab-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(folder, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    internal static byte[] Lines(IEnumerable<string> lines, string newline = "\n") => Encoding.UTF8.GetBytes(string.Join(newline, lines) + newline);

    [Theory]
    [InlineData("blank", 8, "the line is blank")]
    [InlineData("duplicate", 9, "\"movie\" is already on line 9")]
    [InlineData("nul", 10, "control character (U+0000)")]
    [InlineData("utf8", 11, "not valid UTF-8")]
    [InlineData("space", 12, "begins or ends with whitespace")]
    public void A_malformed_line_is_refused_with_its_number(string defect, int line, string expected)
    {
        var lines = s_tokens.Select(t => Encoding.UTF8.GetBytes(t)).ToList();
        switch (defect)
        {
            case "blank": lines.Insert(line - 1, []); break;
            case "duplicate": lines.Insert(line - 1, "movie"u8.ToArray()); break;
            case "nul": lines[line - 1] = "go\0od"u8.ToArray(); break;
            case "utf8": lines[line - 1] = [0x62, 0xC3, 0x28]; break;
            case "space": lines[line - 1] = "plot "u8.ToArray(); break;
        }
        var path = Write($"{defect}.txt", [.. lines.SelectMany(l => l.Append((byte)'\n'))]);

        var error = Assert.Throws<TokenizerException>(() => BertTokenizer.FromVocabulary(path));

        Assert.StartsWith($"{path}:{(defect == "duplicate" ? line + 1 : line)}: ", error.Message);
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void A_missing_special_token_and_an_empty_file_are_named()
    {
        var noMask = Write("no-mask.txt", Lines(s_tokens.Where(t => t != "[MASK]")));
        var empty = Write("empty.txt", "\n\n"u8.ToArray());

        Assert.Equal($"{noMask}: the vocabulary lacks the special token [MASK]", Assert.Throws<TokenizerException>(() => BertTokenizer.FromVocabulary(noMask)).Message);
        Assert.StartsWith($"{empty}: the vocabulary is empty", Assert.Throws<TokenizerException>(() => BertTokenizer.FromVocabulary(empty)).Message);
    }

    [Fact]
    public void Line_endings_a_byte_order_mark_and_trailing_newlines_do_not_change_ids()
    {
        var plain = BertTokenizer.FromVocabulary(Write("plain.txt", Lines(s_tokens)));
        var windows = BertTokenizer.FromVocabulary(Write("crlf.txt", [0xEF, 0xBB, 0xBF, .. Lines(s_tokens, "\r\n"), (byte)'\n', (byte)'\n']));

        Assert.Equal(s_tokens.Length, windows.VocabularySize);
        Assert.Equal(plain.Tokenize("The movie was great, 中!"), windows.Tokenize("The movie was great, 中!"));
        Assert.Equal([6, 8, 9, 12, 22, 20, 21], windows.Tokenize("The movie was great, 中!"));
    }

    /// <summary>
    /// What a vocabulary that loads must give: Hugging Face's ids (its line numbers), which the WordPiece model also
    /// uses for every plain word. The fuzz suite (<see cref="Fuzzing.FuzzFamilies"/>) checks every mutation it reads.
    /// </summary>
    internal static void ReadWithLineNumberIds(string path, byte[] bytes)
    {
        var tokenizer = BertTokenizer.FromVocabulary(path);
        var expected = ReferenceLines(bytes);
        Assert.True(expected.SequenceEqual(Enumerable.Range(0, tokenizer.VocabularySize).Select(tokenizer.Token)), "ids are not the line numbers");
        for (int id = 0; id < expected.Count; id++)
        {
            if (PlainWord().IsMatch(expected[id]))
                Assert.True(tokenizer.Tokenize(expected[id]) is [var only] && only == id, $"\"{expected[id]}\" does not encode to its line's id {id}");
        }
    }

    [GeneratedRegex("^[a-z]+$")]
    private static partial Regex PlainWord();

    // Hugging Face's load_vocab, written independently: UTF-8, universal newlines, one token per line; trailing
    // empty lines are not tokens (BertGen's documented reading of them).
    internal static List<string> ReferenceLines(byte[] bytes)
    {
        var text = new UTF8Encoding(false, true).GetString(bytes).TrimStart('\uFEFF');
        var lines = text.Replace("\r\n", "\n").Replace('\r', '\n').Split('\n').ToList();
        while (lines.Count > 0 && lines[^1].Length == 0)
            lines.RemoveAt(lines.Count - 1);
        return lines;
    }

    internal static (string Mutation, byte[] Bytes) Mutate(byte[] original, Random random)
    {
        var lines = Encoding.UTF8.GetString(original).TrimEnd('\n').Split('\n').ToList();
        int at = random.Next(lines.Count);
        switch (random.Next(9))
        {
            case 0: lines.RemoveAt(at); return ($"drop line {at + 1}", Lines(lines));
            case 1: lines.Insert(random.Next(lines.Count), lines[at]); return ($"repeat line {at + 1}", Lines(lines));
            case 2: lines.Insert(at, ""); return ($"blank line at {at + 1}", Lines(lines));
            case 3:
                int other = random.Next(lines.Count);
                (lines[at], lines[other]) = (lines[other], lines[at]);
                return ($"swap lines {at + 1} and {other + 1}", Lines(lines));
            case 4:
            {
                var bytes = (byte[])original.Clone();
                int position = random.Next(bytes.Length);
                bytes[position] ^= (byte)(1 << random.Next(8));
                return ($"flip a bit of byte {position}", bytes);
            }
            case 5:
            {
                int length = random.Next(original.Length);
                return ($"cut at byte {length}", original[..length]);
            }
            case 6:
            {
                var bytes = original.ToList();
                int position = random.Next(bytes.Count);
                var inserted = new byte[random.Next(1, 4)];
                random.NextBytes(inserted);
                bytes.InsertRange(position, inserted);
                return ($"insert {Convert.ToHexString(inserted)} at byte {position}", [.. bytes]);
            }
            case 7: lines[at] = random.Next(2) == 0 ? lines[at] + " " : "\t" + lines[at]; return ($"whitespace around line {at + 1}", Lines(lines));
            default: return ($"CRLF line endings, {at} extra newlines", [.. Lines(lines, "\r\n"), .. Enumerable.Repeat((byte)'\n', at)]);
        }
    }
}
