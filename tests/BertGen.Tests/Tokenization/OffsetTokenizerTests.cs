using System.Text.Json;
using BertGen.Tests.Infrastructure;
using BertGen.Tokenization;

namespace BertGen.Tests.Tokenization;

/// <summary>
/// Character offsets and word ids are Hugging Face's (tests/fixtures/tokenizer/make_offset_cases.mjs, the npm binding
/// of tokenizers 0.23.2): on the 236 hard cases (accents removed or combined, CJK, emoji, controls, [UNK] words, special
/// tokens in text) and on pre-split words.
/// </summary>
public class OffsetTokenizerTests
{
    private static readonly string s_fixtures = Path.Combine(RepositoryPaths.Root, "tests", "fixtures", "tokenizer");

    private static BertTokenizer Tokenizer() => BertTokenizer.FromVocabulary(SharedData.File("vocab/bert-base-uncased-vocab.txt"));

    private static IEnumerable<JsonElement> Lines(string file) =>
        File.ReadLines(Path.Combine(s_fixtures, file)).Select(line => JsonDocument.Parse(line).RootElement);

    private static int[] Ints(JsonElement array) => array.EnumerateArray().Select(e => e.GetInt32()).ToArray();

    private static (int, int)[] Spans(JsonElement array) => array.EnumerateArray().Select(e => (e[0].GetInt32(), e[1].GetInt32())).ToArray();

    [SkippableFact]
    public void Every_token_of_the_hard_cases_has_hugging_faces_span_of_the_original_text()
    {
        var tokenizer = Tokenizer();
        var failures = new List<string>();
        int count = 0;
        foreach (var line in Lines("offsets.bert-base-uncased.jsonl"))
        {
            var text = line.GetProperty("text").GetString()!;
            var tokens = tokenizer.TokenizeWithOffsets(text);
            var (ids, spans) = (tokens.Select(t => t.Id).ToArray(), tokens.Select(t => (t.Start, t.End)).ToArray());
            if (!ids.SequenceEqual(Ints(line.GetProperty("ids"))) || !spans.SequenceEqual(Spans(line.GetProperty("offsets"))))
                failures.Add($"{JsonSerializer.Serialize(text)}: got {string.Join(' ', spans)}, expected {line.GetProperty("offsets")}");
            // The ids are those of the fast path that training uses.
            Assert.Equal(tokenizer.Tokenize(text), ids);
            count++;
        }

        Assert.True(count > 200, $"only {count} cases were read");
        Assert.True(failures.Count == 0, $"{failures.Count} of {count} differ:{Environment.NewLine}{string.Join(Environment.NewLine, failures)}");
    }

    [SkippableFact]
    public void Pre_split_words_get_hugging_faces_word_ids_and_spans_of_each_word()
    {
        var tokenizer = Tokenizer();
        foreach (var line in Lines("words.bert-base-uncased.jsonl"))
        {
            var words = line.GetProperty("words").EnumerateArray().Select(w => w.GetString()!).ToList();

            var encoding = tokenizer.EncodeWords(words, new BertEncodeOptions { MaxLength = 10_000 });

            // [CLS] and [SEP] belong to no word and cover nothing, as in Hugging Face.
            Assert.Equal([null, .. Ints(line.GetProperty("word_ids")).Select(i => (int?)i), null], encoding.WordIds!);
            Assert.Equal([(0, 0), .. Spans(line.GetProperty("offsets")), (0, 0)], encoding.Offsets!);
            Assert.Equal(Ints(line.GetProperty("ids")), encoding.InputIds[1..^1]);
        }
    }

    [SkippableFact]
    public void A_pair_has_spans_of_its_own_text_in_each_segment_and_truncation_keeps_them_aligned()
    {
        var tokenizer = Tokenizer();
        const string question = "Where is Café Müller?", context = "Café Müller is in Wuppertal, Germany.";

        var encoding = tokenizer.EncodeWithOffsets(question, context, new BertEncodeOptions { MaxLength = 12 });

        Assert.Equal(12, encoding.Length);
        var normalizer = new BertTextNormalizer(lowerCase: true);
        for (int i = 1; i < encoding.Length - 1; i++)
        {
            if (encoding.InputIds[i] == tokenizer.SeparatorTokenId)
                continue;
            var text = encoding.TokenTypeIds[i] == 0 ? question : context;
            var (start, end) = encoding.Offsets![i];
            // Each span spells its token: "café" gives "cafe", a continuation "##ller" the letters "ller".
            Assert.Equal(tokenizer.Token(encoding.InputIds[i]).Replace("##", ""), normalizer.Normalize(text[start..end]));
        }
        Assert.Equal(0, encoding.Offsets![^1].Start + encoding.Offsets[^1].End);
        Assert.Equal(tokenizer.Encode(question, context, new BertEncodeOptions { MaxLength = 12 }).InputIds, encoding.InputIds);
    }
}
