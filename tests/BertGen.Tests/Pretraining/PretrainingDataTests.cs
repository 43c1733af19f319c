using BertGen.Data;
using BertGen.Pretraining;
using BertGen.Tests.Infrastructure;
using BertGen.Tokenization;

namespace BertGen.Tests.Pretraining;

/// <summary>Masking and next-sentence pairs have BERT's statistics and respect special tokens and document boundaries.</summary>
public sealed class PretrainingDataTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("bertgen-pretrain-data-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private BertTokenizer CorpusTokenizer(IEnumerable<string> texts)
    {
        var path = Path.Combine(folder, "vocab.txt");
        WordVocabulary.Write(path, texts);
        return BertTokenizer.FromVocabulary(path);
    }

    [Fact]
    public void Masking_picks_15_percent_of_ordinary_tokens_and_replaces_80_10_10()
    {
        var reviews = SyntheticReviews.Generate(2000, seed: 5).Select(r => r.Text).ToList();
        var tokenizer = CorpusTokenizer(reviews);
        var examples = new PretrainingExampleBuilder(tokenizer, 128, nextSentencePrediction: true).Build(TextCorpus.FromTexts(reviews, "synthetic"), new Random(1));
        var masking = new MaskedLanguageModeling(tokenizer);
        var random = new Random(2);
        var special = tokenizer.SpecialTokenIds.ToHashSet();

        long candidates = 0, chosen = 0, masked = 0, replaced = 0, kept = 0;
        foreach (var example in examples)
        {
            var result = masking.Mask(example, random);
            for (int p = 0; p < example.Length; p++)
            {
                bool picked = result.Labels[p] != -100;
                if (example.Special[p])
                {
                    Assert.False(picked, "a special token was chosen");
                    Assert.Equal(example.InputIds[p], result.InputIds[p]);
                    continue;
                }
                candidates++;
                if (!picked)
                {
                    Assert.Equal(example.InputIds[p], result.InputIds[p]);
                    continue;
                }
                chosen++;
                Assert.Equal(example.InputIds[p], result.Labels[p]);
                if (result.InputIds[p] == tokenizer.MaskTokenId) masked++;
                else if (result.InputIds[p] == example.InputIds[p]) kept++;
                else
                {
                    replaced++;
                    Assert.DoesNotContain(result.InputIds[p], special);
                }
            }
        }

        Assert.True(candidates > 50_000, $"only {candidates} candidate tokens");
        Assert.InRange((double)chosen / candidates, 0.145, 0.155);
        Assert.InRange((double)masked / chosen, 0.78, 0.82);
        // A random replacement can draw the original token, so "replaced" is a little under 10%.
        Assert.InRange((double)replaced / chosen, 0.085, 0.11);
        Assert.InRange((double)kept / chosen, 0.09, 0.115);
    }

    [SkippableFact]
    public void Whole_word_masking_takes_every_piece_of_a_word_or_none()
    {
        var tokenizer = BertTokenizer.FromVocabulary(SharedData.File("vocab/bert-base-uncased-vocab.txt"));
        var texts = new[] { "Unbelievably overdramatized cinematography, superbly choreographed hyperrealistic misadventures. Extraordinarily underwhelming." };
        var examples = new PretrainingExampleBuilder(tokenizer, 128, nextSentencePrediction: false).Build(TextCorpus.FromTexts(texts, "test"), new Random(3));
        var masking = new MaskedLanguageModeling(tokenizer, probability: 0.3, wholeWord: true);

        int wordsMasked = 0;
        for (int seed = 0; seed < 200; seed++)
        {
            var example = examples[0];
            var result = masking.Mask(example, new Random(seed));
            for (int p = 1; p < example.Length; p++)
            {
                if (!example.Special[p] && !example.WordStarts[p])
                    Assert.Equal(result.Labels[p - 1] != -100, result.Labels[p] != -100);
            }
            wordsMasked += Enumerable.Range(0, example.Length).Count(p => example.WordStarts[p] && result.Labels[p] != -100);
        }
        Assert.True(wordsMasked > 0);
        Assert.Contains(examples[0].WordStarts, start => !start);
    }

    [Fact]
    public void Next_sentence_pairs_are_balanced_and_keep_to_their_documents()
    {
        // Document d, sentence s is "Dd Ss wd xd." so every token says where it came from.
        var documents = Enumerable.Range(0, 200).Select(d => string.Join(' ', Enumerable.Range(0, 12).Select(s => $"D{d} S{s} w{d} x{d}."))).ToList();
        var tokenizer = CorpusTokenizer(documents);
        var examples = new PretrainingExampleBuilder(tokenizer, 40, nextSentencePrediction: true).Build(TextCorpus.FromTexts(documents, "test"), new Random(4));

        int notNext = 0;
        foreach (var example in examples)
        {
            int sep = Array.IndexOf(example.InputIds, tokenizer.SeparatorTokenId);
            var a = Origins(tokenizer, example.InputIds[1..sep]);
            var b = Origins(tokenizer, example.InputIds[(sep + 1)..^1]);
            Assert.True(a.Documents.Count <= 1 && b.Documents.Count <= 1, "a segment spans documents");
            Assert.Equal(Enumerable.Repeat(0, sep + 1).Concat(Enumerable.Repeat(1, example.Length - sep - 1)), example.TokenTypeIds);
            Assert.True(example.Length <= 40);
            if (example.NextSentenceLabel == PretrainingExample.NotNext)
            {
                notNext++;
                Assert.Empty(a.Documents.Intersect(b.Documents));
            }
            else
            {
                Assert.True(a.Documents.Count == 0 || b.Documents.Count == 0 || a.Documents.SetEquals(b.Documents), "IsNext B comes from another document");
                // B follows A: later sentences, or the rest of A's single sentence.
                Assert.True(a.Sentences.Count == 0 || b.Sentences.Count == 0 || a.Sentences.Max() < b.Sentences.Min(), "B must follow A");
            }
        }
        Assert.True(examples.Count > 500, $"only {examples.Count} pairs");
        Assert.InRange((double)notNext / examples.Count, 0.45, 0.55);
    }

    private static (HashSet<string> Documents, List<int> Sentences) Origins(BertTokenizer tokenizer, int[] ids)
    {
        var tokens = ids.Select(tokenizer.Token).ToList();
        // d, w and x tokens carry the document number; s tokens the sentence number.
        return (tokens.Where(t => t[0] is 'd' or 'w' or 'x').Select(t => t[1..]).ToHashSet(), tokens.Where(t => t[0] == 's').Select(t => int.Parse(t[1..])).ToList());
    }
}
