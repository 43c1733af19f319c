namespace BertGen.Tokenization;

// Tokenization that keeps track of where each token came from: what token classification and question answering
// need to turn predictions back into spans of the user's text.
public sealed partial class BertTokenizer
{
    /// <summary>
    /// The WordPiece tokens of <paramref name="text"/> (without [CLS]/[SEP]) with the span of <paramref name="text"/>
    /// each covers; the ids are those of <see cref="Tokenize"/>.
    /// </summary>
    public List<TokenSpan> TokenizeWithOffsets(string text)
    {
        var spans = new List<TokenSpan>(text.Length / 4 + 4);
        foreach (var (start, length, specialId) in Split(text))
        {
            if (specialId >= 0)
            {
                spans.Add(new TokenSpan(specialId, start, start + length));
                continue;
            }
            var normalized = normalizer.Normalize(text.AsSpan(start, length), out var sources);
            foreach (var (wordStart, wordLength) in BertWordSplitter.Instance.PreTokenize(normalized))
            {
                var word = normalized.Substring(wordStart, wordLength);
                var ids = wordPiece.EncodeToIds(word, addSpecialTokens: false, considerPreTokenization: false, considerNormalization: false);
                int at = wordStart;
                for (int i = 0; i < ids.Count; i++)
                {
                    // Pieces spell the word ("##" marks a continuation); an [UNK] stands for the whole word.
                    int pieceLength = ids[i] == UnknownTokenId ? wordLength : tokens[ids[i]].Length - (i > 0 ? 2 : 0);
                    int end = Math.Min(at + pieceLength, wordStart + wordLength);
                    spans.Add(new TokenSpan(ids[i], start + sources[at].Start, start + sources[end - 1].End));
                    at = end;
                }
            }
        }
        return spans;
    }

    /// <summary>
    /// <see cref="Encode"/> with <see cref="BertEncoding.Offsets"/>: each token's span of <paramref name="text"/> or, in the
    /// second segment, of <paramref name="pair"/> (<c>(0, 0)</c> for [CLS] and [SEP], as in Hugging Face).
    /// </summary>
    public BertEncoding EncodeWithOffsets(string text, string? pair = null, BertEncodeOptions? options = null)
    {
        var first = TokenizeWithOffsets(text);
        var second = pair is null ? null : TokenizeWithOffsets(pair);
        var (ids, types, keptFirst, keptSecond) = Assemble(first.Select(t => t.Id).ToList(), second?.Select(t => t.Id).ToList(), options ?? BertEncodeOptions.Default);
        var offsets = new List<(int, int)>(ids.Length) { (0, 0) };
        offsets.AddRange(first.Take(keptFirst).Select(t => (t.Start, t.End)));
        offsets.Add((0, 0));
        if (second is not null)
        {
            offsets.AddRange(second.Take(keptSecond).Select(t => (t.Start, t.End)));
            offsets.Add((0, 0));
        }
        return new BertEncoding(ids, types) { Offsets = [.. offsets] };
    }

    /// <summary>
    /// Encodes text already split into words (CoNLL's tokens), as Hugging Face's <c>is_split_into_words</c> does: each
    /// word is tokenized on its own, <see cref="BertEncoding.WordIds"/> tells which word each token came from (null for
    /// [CLS] and [SEP]) and <see cref="BertEncoding.Offsets"/> are spans of that word. Truncated to the options' length.
    /// </summary>
    public BertEncoding EncodeWords(IReadOnlyList<string> words, BertEncodeOptions? options = null)
    {
        var pieces = new List<(TokenSpan Token, int Word)>();
        for (int w = 0; w < words.Count; w++)
            pieces.AddRange(TokenizeWithOffsets(words[w]).Select(token => (token, w)));
        var (ids, types, kept, _) = Assemble(pieces.Select(p => p.Token.Id).ToList(), null, options ?? BertEncodeOptions.Default);
        var wordIds = new int?[ids.Length];
        var offsets = new (int, int)[ids.Length];
        for (int i = 0; i < kept; i++)
        {
            wordIds[i + 1] = pieces[i].Word;
            offsets[i + 1] = (pieces[i].Token.Start, pieces[i].Token.End);
        }
        return new BertEncoding(ids, types) { Offsets = offsets, WordIds = wordIds };
    }

    /// <summary>
    /// Encodes a question with a long context as Hugging Face's <c>truncation="only_second"</c> with
    /// <c>return_overflowing_tokens</c> and <c>stride</c> does for question answering: <c>[CLS] question [SEP] part [SEP]</c>
    /// windows whose context parts hold as many tokens as <paramref name="maxLength"/> leaves and start every
    /// (part size − <paramref name="stride"/>) tokens, so consecutive windows share <paramref name="stride"/> tokens, until a
    /// part reaches the context's end. Each window has <see cref="BertEncoding.Offsets"/> into the question (segment 0)
    /// or the context (segment 1).
    /// </summary>
    /// <exception cref="ArgumentException">The question leaves no more context room than the stride.</exception>
    public IReadOnlyList<BertEncoding> EncodeWindows(string question, string context, int maxLength, int stride)
    {
        var first = TokenizeWithOffsets(question);
        var second = TokenizeWithOffsets(context);
        int room = maxLength - first.Count - 3;
        if (stride < 0 || room <= stride)
            throw new ArgumentException($"a question of {first.Count} tokens leaves {Math.Max(room, 0)} of {maxLength} tokens for the context, not more than the stride {stride}; shorten the question or raise the maximum length");
        var questionIds = first.Select(t => t.Id).ToList();
        var options = new BertEncodeOptions { MaxLength = maxLength };
        var windows = new List<BertEncoding>();
        for (int start = 0; ; start += room - stride)
        {
            int end = Math.Min(start + room, second.Count);
            var part = second.GetRange(start, end - start);
            var (ids, types, _, _) = Assemble(questionIds, part.Select(t => t.Id).ToList(), options);
            (int, int)[] offsets = [(0, 0), .. first.Select(t => (t.Start, t.End)), (0, 0), .. part.Select(t => (t.Start, t.End)), (0, 0)];
            windows.Add(new BertEncoding(ids, types) { Offsets = offsets });
            if (end == second.Count)
                return windows;
        }
    }
}
