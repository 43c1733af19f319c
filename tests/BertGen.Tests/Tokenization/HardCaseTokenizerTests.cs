using System.Text.Json;
using BertGen.Tests.Infrastructure;
using BertGen.Tokenization;

namespace BertGen.Tests.Tokenization;

/// <summary>
/// Hard cases (accents, CJK, emoji, every whitespace and control character, symbols, special tokens in
/// text, 100/101-character words, pairs) give the ids Hugging Face's tokenizer gave them
/// (tests/fixtures/tokenizer, made with the npm binding of tokenizers 0.23.2).
/// </summary>
public class HardCaseTokenizerTests
{
    private static readonly string s_fixtures = Path.Combine(RepositoryPaths.Root, "tests", "fixtures", "tokenizer");

    private static BertTokenizer Tokenizer() => BertTokenizer.FromVocabulary(SharedData.File("vocab/bert-base-uncased-vocab.txt"));

    private static IEnumerable<JsonElement> Lines(string file) =>
        File.ReadLines(Path.Combine(s_fixtures, file)).Select(line => JsonDocument.Parse(line).RootElement);

    private static int[] Ints(JsonElement array) => array.EnumerateArray().Select(e => e.GetInt32()).ToArray();

    private static string Show(string text) => JsonSerializer.Serialize(text);

    [SkippableFact]
    public void Single_texts_get_hugging_faces_ids()
    {
        var tokenizer = Tokenizer();
        var failures = new List<string>();
        int count = 0;
        foreach (var line in Lines("hard-cases.bert-base-uncased.jsonl"))
        {
            var text = line.GetProperty("text").GetString()!;
            var expected = Ints(line.GetProperty("ids"));
            var actual = tokenizer.Encode(text, options: new BertEncodeOptions { MaxLength = 10_000 }).InputIds;
            if (!actual.SequenceEqual(expected))
                failures.Add($"{Show(text)}: expected {string.Join(' ', expected)}, got {string.Join(' ', actual)}");
            count++;
        }

        Assert.True(count > 200, $"only {count} cases were read");
        Assert.True(failures.Count == 0, $"{failures.Count} of {count} differ:{Environment.NewLine}{string.Join(Environment.NewLine, failures)}");
    }

    [SkippableFact]
    public void Pairs_get_hugging_faces_ids_and_segments()
    {
        var tokenizer = Tokenizer();
        var failures = new List<string>();
        foreach (var line in Lines("hard-pairs.bert-base-uncased.jsonl"))
        {
            var (a, b) = (line.GetProperty("a").GetString()!, line.GetProperty("b").GetString()!);
            var encoding = tokenizer.Encode(a, b, new BertEncodeOptions { MaxLength = 10_000 });
            if (!encoding.InputIds.SequenceEqual(Ints(line.GetProperty("ids"))) || !encoding.TokenTypeIds.SequenceEqual(Ints(line.GetProperty("type_ids"))))
                failures.Add($"{Show(a)} / {Show(b)}: got {string.Join(' ', encoding.InputIds)} types {string.Join(' ', encoding.TokenTypeIds)}");
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }
}
