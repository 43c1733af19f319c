using BertGen.Checkpoints;
using BertGen.Data;
using BertGen.Modeling;
using BertGen.Models;
using BertGen.Prediction;
using BertGen.Tokenization;
using TorchSharp;
using static TorchSharp.torch;

namespace BertGen.TokenClassification;

/// <summary>An entity found in a text: its type, the mean probability of its words' tags, and its span <c>[Start, End)</c> of the text.</summary>
public sealed record EntityPrediction(string Type, double Score, int Start, int End, string Text);

/// <summary>How a word's tag is chosen from its pieces' (Hugging Face's <c>aggregation_strategy</c>).</summary>
public enum EntityAggregation
{
    /// <summary>The first piece's tag, as training labels it.</summary>
    First,

    /// <summary>The tag with the highest probability averaged over the pieces.</summary>
    Average,

    /// <summary>The tag of the piece whose best probability is highest.</summary>
    Max,
}

/// <summary>
/// Finds named entities with a saved token-classification folder (BertGen's, or a Hugging Face
/// <c>BertForTokenClassification</c> folder with vocab.txt and IOB2 tags in <c>id2label</c>): words are tagged from their
/// pieces, adjacent words grouped into entities as seqeval groups them, and each entity mapped back to the characters
/// of the text through the tokenizer's offsets. Texts longer than <see cref="MaxLength"/> tokens are tagged up to it.
/// </summary>
public sealed class EntityTagger : IDisposable
{
    private readonly TrainedModel<BertForTokenClassification> loaded;

    private EntityTagger(TrainedModel<BertForTokenClassification> loaded)
    {
        this.loaded = loaded;
        var config = loaded.Model.Config;
        Tags = new TagSet(Enumerable.Range(0, config.NumLabels).Select(config.LabelName).ToList());
    }

    public BertTokenizer Tokenizer => loaded.Tokenizer;

    public TagSet Tags { get; }

    /// <summary>Texts are tagged up to this many tokens.</summary>
    public int MaxLength => loaded.MaxLength;

    /// <summary>Texts per forward pass.</summary>
    public int BatchSize => loaded.BatchSize;

    /// <summary>Whether <paramref name="folder"/>'s <c>config.json</c> names a token-classification model.</summary>
    public static bool IsTokenClassifierFolder(string folder) => TrainedModel<BertForTokenClassification>.IsFolderOf(folder);

    /// <summary>Loads <paramref name="folder"/> (a model folder or Hub id) on the options' device, at their length, batch size and precision.</summary>
    /// <exception cref="InvalidDataException">The folder holds no trained token-classification head.</exception>
    public static EntityTagger Load(string folder, TextClassifierOptions options)
    {
        return new EntityTagger(TrainedModel<BertForTokenClassification>.Load(folder, options, "token classifier", 3, "[CLS], a token, [SEP]"));
    }

    /// <summary>The entities of each text, in input order.</summary>
    public IReadOnlyList<IReadOnlyList<EntityPrediction>> Predict(IReadOnlyList<string> texts, EntityAggregation aggregation = EntityAggregation.First)
    {
        var options = new BertEncodeOptions { MaxLength = MaxLength };
        var encodings = texts.Select(text => Tokenizer.EncodeWithOffsets(text, options: options)).ToList();
        var probabilities = Probabilities(encodings);
        return texts.Select((text, i) => (IReadOnlyList<EntityPrediction>)Group(text, Words(encodings[i], probabilities[i], aggregation))).ToList();
    }

    public IReadOnlyList<EntityPrediction> Predict(string text, EntityAggregation aggregation = EntityAggregation.First) => Predict([text], aggregation)[0];

    /// <summary>
    /// The tag of every word of pre-split sentences (their tags are ignored), each word tagged as its first piece is, as
    /// training scores them; a word cut by truncation is O.
    /// </summary>
    public IReadOnlyList<IReadOnlyList<string>> PredictWordTags(IReadOnlyList<IReadOnlyList<string>> sentences)
    {
        var options = new BertEncodeOptions { MaxLength = MaxLength };
        var encodings = sentences.Select(words => Tokenizer.EncodeWords(words, options)).ToList();
        var probabilities = Probabilities(encodings);
        return sentences.Select((words, s) =>
            TagBatches.WordTags(TagBatches.FirstTokens(encodings[s].WordIds!, words.Count), t => ArgMax(probabilities[s][t]), Tags)).ToList();
    }

    // Softmax over the tags for every token of every encoding, batched by length.
    private List<double[][]> Probabilities(IReadOnlyList<BertEncoding> encodings)
    {
        var results = new double[encodings.Count][][];
        using var noGrad = no_grad();
        foreach (var indices in BatchPlanner.ForScoring(encodings.Select(e => e.Length).ToList(), BatchSize))
        {
            Runtime.CpuThreads.Tick();
            using var scope = NewDisposeScope();
            var inputs = BatchCollator.Pad(indices.Select(i => (encodings[i].InputIds, encodings[i].TokenTypeIds)).ToList(), BertGen.Tokenization.Padding.Longest, 0, Tokenizer.PaddingTokenId, loaded.Device);
            var probabilities = nn.functional.softmax(loaded.Model.Forward(inputs).Logits.to_type(ScalarType.Float64), -1).cpu();
            var (length, tags) = ((int)probabilities.shape[1], (int)probabilities.shape[2]);
            var values = probabilities.data<double>().ToArray();
            for (int row = 0; row < indices.Length; row++)
            {
                results[indices[row]] = Enumerable.Range(0, encodings[indices[row]].Length)
                    .Select(t => values.AsSpan((row * length + t) * tags, tags).ToArray()).ToArray();
            }
        }
        return [.. results];
    }

    // Words are a piece and its "##" continuations; each gets a tag, a score and a span of the text.
    private List<(string Tag, double Score, int Start, int End)> Words(BertEncoding encoding, double[][] probabilities, EntityAggregation aggregation)
    {
        var words = new List<List<int>>();
        for (int t = 1; t < encoding.Length - 1; t++)
        {
            if (words.Count == 0 || !Tokenizer.Token(encoding.InputIds[t]).StartsWith("##", StringComparison.Ordinal))
                words.Add([]);
            words[^1].Add(t);
        }
        return words.Select(pieces =>
        {
            double[] chosen = aggregation switch
            {
                EntityAggregation.First => probabilities[pieces[0]],
                EntityAggregation.Max => probabilities[pieces.MaxBy(t => probabilities[t].Max())],
                _ => Enumerable.Range(0, Tags.Count).Select(tag => pieces.Average(t => probabilities[t][tag])).ToArray(),
            };
            int best = ArgMax(chosen);
            return (Tags.Names[best], chosen[best], encoding.Offsets![pieces[0]].Start, encoding.Offsets[pieces[^1]].End);
        }).ToList();
    }

    private static List<EntityPrediction> Group(string text, List<(string Tag, double Score, int Start, int End)> words) =>
        Entities.Find(words.Select(w => w.Tag).ToList())
            .Select(span =>
            {
                var (start, end) = (words[span.Start].Start, words[span.End].End);
                double score = words.Skip(span.Start).Take(span.End - span.Start + 1).Average(w => w.Score);
                return new EntityPrediction(span.Type, score, start, end, text[start..end]);
            }).ToList();

    private static int ArgMax(double[] values) => Array.IndexOf(values, values.Max());

    public void Dispose() => loaded.Model.Dispose();
}
