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

    [SkippableFact]
    public void Question_answering_windows_are_hugging_faces_with_their_stride()
    {
        var tokenizer = Tokenizer();
        int count = 0;
        foreach (var line in Lines("windows.bert-base-uncased.jsonl"))
        {
            var (question, context) = (line.GetProperty("question").GetString()!, line.GetProperty("context").GetString()!);
            int maxLength = line.GetProperty("max_length").GetInt32(), stride = line.GetProperty("stride").GetInt32();

            var windows = tokenizer.EncodeWindows(question, context, maxLength, stride);

            var expected = line.GetProperty("windows").EnumerateArray().ToList();
            Assert.Equal(expected.Count, windows.Count);
            foreach (var (want, got) in expected.Zip(windows))
            {
                Assert.Equal(Ints(want.GetProperty("ids")), got.InputIds);
                Assert.Equal(Ints(want.GetProperty("type_ids")), got.TokenTypeIds);
                Assert.Equal(Spans(want.GetProperty("offsets")), got.Offsets!);
                Assert.True(got.Length <= maxLength);
            }
            count++;
        }
        Assert.True(count >= 10, $"only {count} cases were read");
    }

    [SkippableFact]
    public void A_question_that_leaves_no_room_beyond_the_stride_is_refused_with_the_numbers()
    {
        var error = Assert.Throws<ArgumentException>(() => Tokenizer().EncodeWindows("Which year did the university open its second campus?", "In 1923.", maxLength: 16, stride: 4));

        Assert.Contains("of 16 tokens for the context, not more than the stride 4", error.Message);
    }
}
