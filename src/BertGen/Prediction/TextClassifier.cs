using BertGen.Data;
using BertGen.Models;
using BertGen.Tokenization;
using TorchSharp;
using static TorchSharp.torch;

namespace BertGen.Prediction;

/// <summary>A class prediction for one text: the most likely label and the probability of every label.</summary>
public sealed record TextPrediction(string Label, double Probability, IReadOnlyDictionary<string, double> Probabilities);

/// <summary>
/// Classifies texts with a saved model folder (BertGen's, or any Hugging Face BERT sequence-classification
/// folder with vocab.txt): softmax probabilities per class, labels by the folder's <c>id2label</c>.
/// </summary>
public sealed class TextClassifier : IDisposable
{
    private readonly BertForSequenceClassification model;
    private readonly Device device;

    private TextClassifier(BertForSequenceClassification model, BertTokenizer tokenizer, Device device)
    {
        this.model = model;
        this.device = device;
        Tokenizer = tokenizer;
        Labels = Enumerable.Range(0, model.Config.NumLabels).Select(model.Config.LabelName).ToList();
    }

    public BertTokenizer Tokenizer { get; }

    /// <summary>The class names, by id.</summary>
    public IReadOnlyList<string> Labels { get; }

    /// <summary>Clean texts as the training data was cleaned (&lt;br /&gt; tags, whitespace) before classifying.</summary>
    public bool Clean { get; init; } = true;

    /// <summary>Texts longer than this many tokens are truncated.</summary>
    public int MaxLength { get; init; } = 512;

    /// <summary>Loads a classifier from a model folder or a Hugging Face model id (see <see cref="Hub.ModelLocation"/>).</summary>
    public static TextClassifier Load(string folder, Device? device = null)
    {
        device ??= Runtime.ComputeDevices.Select();
        folder = Hub.ModelLocation.Resolve(folder);
        var tokenizer = BertTokenizer.FromFolder(folder);
        var model = BertForSequenceClassification.FromPretrained(folder, out var report);
        if (report.Missing.Count > 0)
        {
            model.Dispose();
            throw new InvalidDataException($"{folder}: is not a trained classifier; it lacks {string.Join(", ", report.Missing)}");
        }
        model.to(device);
        model.eval();
        return new TextClassifier(model, tokenizer, device) { MaxLength = Math.Min(512, model.Config.MaxPositionEmbeddings) };
    }

    public TextPrediction Predict(string text) => Predict([text])[0];

    /// <summary>Classifies <paramref name="texts"/> in batches of similar length; results are in input order.</summary>
    public IReadOnlyList<TextPrediction> Predict(IReadOnlyList<string> texts, int batchSize = 32)
    {
        var encodings = Tokenizer.EncodeMany(texts.Select(t => Clean ? TextCleaning.Clean(t) : t).ToList(), options: new BertEncodeOptions { MaxLength = MaxLength });
        var examples = encodings.Select(e => new EncodedExample(e.InputIds, e.TokenTypeIds, 0)).ToList();
        var predictions = new TextPrediction[texts.Count];
        using var noGrad = no_grad();
        foreach (var indices in BatchPlanner.Plan(examples.Select(e => e.Length).ToList(), batchSize, shuffle: false, groupByLength: true, new Random(0)))
        {
            using var scope = NewDisposeScope();
            using var batch = BatchCollator.Collate(indices.Select(i => examples[i]).ToList(), Tokenization.Padding.Longest, 0, Tokenizer.PaddingTokenId, device);
            var probabilities = nn.functional.softmax(model.Forward(batch.Inputs).Logits, -1).cpu().to_type(ScalarType.Float64);
            var values = probabilities.data<double>().ToArray();
            for (int row = 0; row < indices.Length; row++)
            {
                var byLabel = Labels.Select((label, c) => (label, p: values[row * Labels.Count + c])).ToDictionary(x => x.label, x => x.p);
                var best = byLabel.MaxBy(x => x.Value);
                predictions[indices[row]] = new TextPrediction(best.Key, best.Value, byLabel);
            }
        }
        return predictions;
    }

    public void Dispose() => model.Dispose();
}
