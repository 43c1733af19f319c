using BertGen.Data;
using BertGen.Tests.Infrastructure;
using BertGen.Tokenization;
using BertGen.TokenClassification;

namespace BertGen.Tests.TokenClassification;

/// <summary>CoNLL and JSON Lines tagged data: sentences, schemes converted to IOB2, bad tags named by file and line, and word-piece alignment.</summary>
public sealed class TaggedDataTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("bertgen-tagged-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(folder, name);
        File.WriteAllText(path, text);
        return path;
    }

    [SkippableFact]
    public void CoNLL_2003_reads_as_its_published_sentence_counts()
    {
        var train = TaggedDatasets.Read(SharedData.File("conll2003/train.txt.gz"));
        var valid = TaggedDatasets.Read(SharedData.File("conll2003/valid.txt.gz"));
        var test = TaggedDatasets.Read(SharedData.File("conll2003/test.txt.gz"));

        Assert.Equal((14_041, 3_250, 3_453), (train.Sentences.Count, valid.Sentences.Count, test.Sentences.Count));
        var first = train.Sentences[0];
        Assert.Equal(["EU", "rejects", "German", "call", "to", "boycott", "British", "lamb", "."], first.Words);
        Assert.Equal(["B-ORG", "O", "B-MISC", "O", "O", "O", "B-MISC", "O", "O"], first.Tags);
        Assert.Equal(3, first.Line);
        Assert.Equal(["O", "B-LOC", "I-LOC", "B-MISC", "I-MISC", "B-ORG", "I-ORG", "B-PER", "I-PER"], TagSet.From(train.Sentences).Names);
    }

    [Fact]
    public void IOB1_and_BIOES_convert_to_IOB2()
    {
        Assert.Equal(["B-PER", "I-PER", "B-PER", "O", "B-LOC"], TagSchemes.ToIob2(["I-PER", "I-PER", "B-PER", "O", "I-LOC"], TagScheme.Iob1).Tags!);
        Assert.Equal(["B-PER", "I-PER", "I-PER", "B-LOC", "O"], TagSchemes.ToIob2(["B-PER", "I-PER", "E-PER", "S-LOC", "O"], TagScheme.Bioes).Tags!);
    }

    [Theory]
    [InlineData("Peter X X B-PER\nBlackburn X X I-LOC\n", TagScheme.Iob2, "t.txt:1: word 2: \"I-LOC\" continues no LOC entity (the word before is tagged \"B-PER\")")]
    [InlineData("Peter X X PER\n", TagScheme.Iob2, "t.txt:1: word 1: the tag \"PER\" is not O or B-, I- and a type")]
    [InlineData("a X X O\n\nPeter X X B-PER\nx X X O\n", TagScheme.Bioes, "t.txt:3: word 2: the PER entity is not closed by E- before \"O\"")]
    [InlineData("a X X O\nlonely\n", TagScheme.Iob2, "t.txt:2: has 1 column; expected the word first and the tag in column -1")]
    public void A_tag_that_breaks_the_scheme_is_an_error_naming_file_line_and_word(string text, TagScheme scheme, string expected)
    {
        var path = Write("t.txt", text);

        var error = Assert.Throws<DataException>(() => TaggedDatasets.Read(path, new TaggedDataOptions { Scheme = scheme }));

        Assert.Contains(expected.Replace("t.txt", path), error.Message);
    }

    [Fact]
    public void Bad_sentences_can_be_skipped_and_counted_and_JSON_Lines_read_too()
    {
        var path = Write("t.jsonl", """
            {"tokens": ["Peter", "Blackburn"], "tags": ["B-PER", "I-PER"]}
            {"tokens": ["x"], "tags": ["O", "O"]}
            {"tokens": [], "tags": []}
            {"tokens": ["in", "Bonn"], "tags": ["O", "B-LOC"]}
            """);

        var data = TaggedDatasets.Read(path, new TaggedDataOptions { SkipBadRows = true });

        Assert.Equal(2, data.Sentences.Count);
        Assert.Equal([$"{path}:2: has 1 words but 2 tags", $"{path}:3: \"tokens\" is empty; expected the sentence's words"], data.SkippedReasons);
        Assert.Equal(4, data.Sentences[1].Line);
    }

    [SkippableFact]
    public void The_first_piece_of_each_word_carries_its_tag_and_the_rest_are_ignored_unless_asked()
    {
        var tokenizer = BertTokenizer.FromVocabulary(SharedData.File("vocab/bert-base-uncased-vocab.txt"));
        var sentence = new TaggedSentence(["Hyperparameterization", "in", "Wuppertal"], ["B-MISC", "O", "B-LOC"], "s", 1);
        var tags = TagSet.From([sentence]);

        var first = Assert.Single(TagBatches.Encode(tokenizer, [sentence], tags, maxLength: 64));
        var all = Assert.Single(TagBatches.Encode(tokenizer, [sentence], tags, maxLength: 64, labelAllTokens: true));
        var cut = Assert.Single(TagBatches.Encode(tokenizer, [sentence], tags, maxLength: 4));

        var pieces = tokenizer.EncodeWords(sentence.Words).WordIds!;
        for (int t = 0; t < first.Length; t++)
        {
            bool firstPiece = pieces[t] is { } w && first.FirstTokens[w] == t;
            Assert.Equal(firstPiece ? first.WordTags[pieces[t]!.Value] : TagBatches.Ignore, first.Labels[t]);
            if (pieces[t] is { } word && !firstPiece)
                Assert.Equal(tags.Names[all.Labels[t]], "I-" + sentence.Tags[word][2..]);
        }
        Assert.True(pieces.Count(p => p == 0) > 1, "the first word is several pieces");
        Assert.Equal([1, -1, -1], cut.FirstTokens);
    }
}
