using BertGen.Data;
using BertGen.Tests.Infrastructure;
using BertGen.Tokenization;

namespace BertGen.Tests.Tokenization;

public sealed class VocabularyTrainerTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("bertgen-vocab-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [SkippableFact]
    public void A_trained_vocabulary_has_berts_layout_loads_and_covers_its_corpus()
    {
        var reviews = ImdbReference.Reviews.Take(3000).ToList();
        var path = Path.Combine(folder, "vocab.txt");

        WordPieceVocabularyTrainer.Write(path, reviews, new WordPieceTrainingOptions { VocabularySize = 4000, UnusedSlots = 200 });

        var lines = File.ReadAllLines(path);
        Assert.Equal(4000, lines.Length);
        Assert.Equal(lines.Length, lines.Distinct().Count());
        Assert.Equal(("[PAD]", "[unused0]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "[unused99]"), (lines[0], lines[1], lines[100], lines[101], lines[102], lines[103], lines[104]));
        Assert.Contains("##ing", lines);
        Assert.Contains("movie", lines);

        var tokenizer = BertTokenizer.FromVocabulary(path);
        Assert.Equal((0, 100, 101, 102, 103), (tokenizer.PaddingTokenId, tokenizer.UnknownTokenId, tokenizer.ClassificationTokenId, tokenizer.SeparatorTokenId, tokenizer.MaskTokenId));
        var ids = reviews.Take(200).SelectMany(r => tokenizer.Tokenize(r)).ToList();
        Assert.True(ids.Count(id => id == tokenizer.UnknownTokenId) < ids.Count / 1000, "training text should hardly ever be [UNK]");
        Assert.Equal(["the", "movie", "was"], tokenizer.TokenizeToStrings("The movie was"));
        var pieces = tokenizer.TokenizeToStrings("unbelievably");
        Assert.True(pieces.Count > 1 && !pieces[0].StartsWith("##") && pieces.Skip(1).All(p => p.StartsWith("##")), string.Join(" ", pieces));
    }

    [Fact]
    public void Frequent_words_become_single_pieces_and_rare_ones_split()
    {
        var texts = Enumerable.Repeat("walking talking walked talked", 50).Append("balking").ToList();

        var vocabulary = WordPieceVocabularyTrainer.Train(texts, new WordPieceTrainingOptions { VocabularySize = 130, UnusedSlots = 10, MinimumWordFrequency = 1 });

        Assert.Contains("walking", vocabulary);
        Assert.Contains("talked", vocabulary);
        // Merges come in order of frequency: the rare word, if at all, after the frequent ones.
        int rare = vocabulary.IndexOf("balking");
        Assert.True(rare == -1 || rare > vocabulary.IndexOf("walking"));
        // Every character is there as it occurs (word start or continuation), so no word of the corpus is [UNK].
        Assert.Contains("b", vocabulary);
        Assert.Contains("##k", vocabulary);
    }
}
