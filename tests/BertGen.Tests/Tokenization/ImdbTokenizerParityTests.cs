using BertGen.Tests.Infrastructure;
using BertGen.Tokenization;

namespace BertGen.Tests.Tokenization;

/// <summary>
/// On all 50,000 raw IMDb reviews the tokenizer gives exactly the ids of Hugging Face's own tokenizer
/// (tokenizers 0.23.2 with bert-base-uncased's tokenizer.json), special tokens included, no truncation.
/// </summary>
public class ImdbTokenizerParityTests
{
    [SkippableFact]
    public void Every_imdb_review_gets_hugging_faces_ids()
    {
        var tokenizer = BertTokenizer.FromVocabulary(SharedData.File("vocab/bert-base-uncased-vocab.txt"));
        var reviews = ImdbReference.Reviews;

        var encodings = tokenizer.EncodeMany(reviews, options: new BertEncodeOptions { MaxLength = 100_000 });

        var mismatches = new List<string>();
        int row = 0;
        foreach (var expected in ImdbReference.Ids())
        {
            var actual = encodings[row].InputIds;
            if (!actual.AsSpan().SequenceEqual(expected))
            {
                int at = Enumerable.Range(0, Math.Min(actual.Length, expected.Length)).FirstOrDefault(i => actual[i] != expected[i], Math.Min(actual.Length, expected.Length));
                mismatches.Add($"row {row}: first difference at token {at}: expected {string.Join(' ', expected.Skip(Math.Max(0, at - 2)).Take(6))}, got {string.Join(' ', actual.Skip(Math.Max(0, at - 2)).Take(6))} ({string.Join(" ", tokenizer.TokenizeToStrings(reviews[row]).Skip(Math.Max(0, at - 3)).Take(6))})");
            }
            row++;
        }

        Assert.Equal(reviews.Count, row);
        Assert.True(mismatches.Count == 0, $"{mismatches.Count} of {row} reviews differ:{Environment.NewLine}{string.Join(Environment.NewLine, mismatches.Take(20))}");
    }
}

/// <summary>Truncation to BERT's 512 positions keeps Hugging Face's first 511 ids and ends with [SEP].</summary>
public class ImdbTruncationTests
{
    [SkippableFact]
    public void Truncated_reviews_keep_the_first_511_reference_ids_and_end_with_sep()
    {
        var tokenizer = BertTokenizer.FromVocabulary(SharedData.File("vocab/bert-base-uncased-vocab.txt"));
        var reviews = ImdbReference.Reviews.Take(5_000).ToList();

        var encodings = tokenizer.EncodeMany(reviews, options: new BertEncodeOptions { MaxLength = 512 });

        int row = 0, truncated = 0;
        foreach (var reference in ImdbReference.Ids().Take(reviews.Count))
        {
            var expected = reference.Length <= 512 ? reference : [.. reference.Take(511), 102];
            Assert.Equal(expected, encodings[row].InputIds);
            truncated += reference.Length > 512 ? 1 : 0;
            row++;
        }
        Assert.True(truncated > 100, $"only {truncated} reviews needed truncation");
    }
}
