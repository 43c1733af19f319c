using BertGen.Tests.Infrastructure;
using BertGen.Tokenization;

namespace BertGen.Tests.Tokenization;

public class TokenizerApiTests
{
    private static BertTokenizer Tokenizer() => BertTokenizer.FromVocabulary(SharedData.File("vocab/bert-base-uncased-vocab.txt"));

    [SkippableFact]
    public void The_spec_example_encodes_and_decodes()
    {
        var tokenizer = Tokenizer();

        var encoding = tokenizer.Encode("I liked this movie");

        Assert.Equal([101, 1045, 4669, 2023, 3185, 102], encoding.InputIds);
        Assert.Equal(new int[6], encoding.TokenTypeIds);
        Assert.Equal("i liked this movie", tokenizer.Decode(encoding.InputIds));
        Assert.Equal(["i", "liked", "this", "movie"], tokenizer.TokenizeToStrings("I liked this movie"));
    }

    [Theory]
    [InlineData(3, 4, 10, 3, 4)]      // fits
    [InlineData(3, 20, 10, 3, 7)]     // only the longer is cut
    [InlineData(20, 3, 10, 7, 3)]
    [InlineData(20, 30, 10, 5, 5)]    // both cut to half
    [InlineData(20, 30, 9, 4, 5)]     // the longer gets the odd token
    [InlineData(30, 20, 9, 5, 4)]
    public void Pairs_are_truncated_longest_first(int first, int second, int budget, int keepFirst, int keepSecond) =>
        Assert.Equal((keepFirst, keepSecond), PairTruncation.Lengths(first, second, budget));

    [SkippableFact]
    public void A_pair_fits_max_length_with_segments()
    {
        var tokenizer = Tokenizer();

        var encoding = tokenizer.Encode(string.Join(' ', Enumerable.Repeat("good", 20)), string.Join(' ', Enumerable.Repeat("bad", 30)), new BertEncodeOptions { MaxLength = 13 });

        Assert.Equal(13, encoding.Length);
        Assert.Equal([101, 2204, 2204, 2204, 2204, 2204, 102, 2919, 2919, 2919, 2919, 2919, 102], encoding.InputIds);
        Assert.Equal([0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1], encoding.TokenTypeIds);
    }

    [SkippableFact]
    public void A_batch_is_padded_with_an_attention_mask()
    {
        var tokenizer = Tokenizer();

        var longest = tokenizer.EncodeBatch(["I liked this movie", "Great"]);
        var fixedLength = tokenizer.EncodeBatch(["I liked this movie", "Great"], options: new BertEncodeOptions { Padding = Padding.MaxLength, MaxLength = 8 });
        var rounded = tokenizer.EncodeBatch(["I liked this movie", "Great"], options: new BertEncodeOptions { PadToMultipleOf = 8 });

        Assert.Equal([101L, 1045, 4669, 2023, 3185, 102, 101, 2307, 102, 0, 0, 0], longest.InputIds.data<long>().ToArray());
        Assert.Equal([1L, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0], longest.AttentionMask!.data<long>().ToArray());
        Assert.Equal([2L, 8L], fixedLength.InputIds.shape);
        Assert.Equal([1L, 1, 1, 1, 1, 1, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0], rounded.AttentionMask!.data<long>().ToArray());
    }

    [SkippableFact]
    public void Without_truncation_a_long_text_is_an_error()
    {
        var error = Assert.Throws<ArgumentException>(() => Tokenizer().Encode("one two three four", options: new BertEncodeOptions { MaxLength = 4, Truncation = false }));

        Assert.Contains("6 tokens, more than MaxLength 4", error.Message);
    }

    [SkippableFact]
    public void Encoding_many_on_all_cores_gives_the_same_as_one_by_one()
    {
        var tokenizer = Tokenizer();
        var texts = ImdbReference.Reviews.Take(500).ToList();

        var parallel = tokenizer.EncodeMany(texts);

        for (int i = 0; i < texts.Count; i++)
            Assert.Equal(tokenizer.Encode(texts[i]).InputIds, parallel[i].InputIds);
    }

    [Fact]
    public void A_missing_vocabulary_names_the_file()
    {
        var error = Assert.Throws<FileNotFoundException>(() => BertTokenizer.FromVocabulary("/nonexistent/vocab.txt"));

        Assert.Contains("/nonexistent/vocab.txt", error.Message);
    }
}
