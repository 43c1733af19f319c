using BertGen.Checkpoints;
using BertGen.Data;
using BertGen.Modeling;
using BertGen.Models;
using BertGen.Tokenization;
using TorchSharp;
using static TorchSharp.torch;

namespace BertGen.Prediction;

/// <summary>
/// A prediction for one text (or pair). One class per text: the most likely label and the probability (softmax)
/// of every label. Multi-label: <see cref="Labels"/> holds every class at or above the threshold, joined by commas
/// in <see cref="Label"/>; the probabilities are independent sigmoids, <see cref="Probability"/> the highest.
/// Regression: <see cref="Score"/> is the predicted number, <see cref="Label"/> its text, and there are no probabilities.
/// </summary>
public sealed record TextPrediction(string Label, double Probability, IReadOnlyDictionary<string, double> Probabilities)
{
    /// <summary>The predicted classes: the one label, or, for multi-label models, all at or above the threshold.</summary>
    public IReadOnlyList<string> Labels { get; init; } = [Label];

    /// <summary>The predicted number of a regression model; null for classifiers.</summary>
    public double? Score { get; init; }
}

/// <summary>
/// Classifies texts with a saved model folder (BertGen's, or any Hugging Face BERT sequence-classification
/// folder with vocab.txt): softmax probabilities per class, labels by the folder's <c>id2label</c>. Texts get the
/// preprocessing the folder records (<see cref="ModelFolder.PreprocessingFile"/>), none when it records nothing.
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

    /// <summary>What texts go through before the tokenizer: the folder's record, or an explicit <see cref="TextClassifierOptions.Clean"/>.</summary>
    public TextPreprocessing Preprocessing { get; private init; } = TextPreprocessing.None;

    /// <summary>Whether texts are cleaned (&lt;br /&gt; tags, whitespace) before classifying.</summary>
    public bool Clean => Preprocessing.CleanText;

    /// <summary>Texts longer than this many tokens are truncated.</summary>
    public int MaxLength { get; private init; } = 512;

    /// <summary>Texts per forward pass.</summary>
    public int BatchSize { get; private init; } = 32;

    /// <summary>
    /// What the outputs mean: the folder's <c>problem_type</c>, or as Hugging Face decides without one, regression
    /// for a single output and one class per text otherwise.
    /// </summary>
    public ProblemType ProblemType => model.Config.ProblemType ?? (model.Config.NumLabels == 1 ? ProblemType.Regression : ProblemType.SingleLabelClassification);

    /// <summary>Multi-label: the probability at or above which a class is predicted (see <see cref="TextClassifierOptions.Threshold"/>).</summary>
    public double Threshold { get; private init; } = 0.5;

    /// <summary>The precision the encoder runs in.</summary>
    public ComputePrecision Precision { get; private init; }

    /// <summary>Loads <paramref name="folder"/> in float32 on <paramref name="device"/> (CUDA when available when null).</summary>
    public static TextClassifier Load(string folder, Device? device = null) => Load(folder, new TextClassifierOptions { Device = device });

    /// <summary>Loads <paramref name="folder"/> (a model folder or a Hugging Face model id, see <see cref="Hub.ModelLocation"/>) as <paramref name="options"/> say.</summary>
    /// <exception cref="ArgumentException">The batch size or maximum length is out of range for the model.</exception>
    /// <exception cref="InvalidDataException">The folder holds no trained classification head.</exception>
    /// <exception cref="CheckpointException">The folder's files are malformed.</exception>
    public static TextClassifier Load(string folder, TextClassifierOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Threshold is <= 0 or >= 1)
            throw new ArgumentException($"the multi-label threshold must be a probability between 0 and 1 (got {options.Threshold})");
        var loaded = TrainedModel<BertForSequenceClassification>.Load(folder, options, "classifier", 3, "[CLS], a token, [SEP]");
        try
        {
            // The folder's records are read after the model, which a malformed record must not leak.
            return new TextClassifier(loaded.Model, loaded.Tokenizer, loaded.Device)
            {
                Preprocessing = options.Clean is { } clean ? new TextPreprocessing { CleanText = clean } : ModelFolder.ReadPreprocessing(loaded.Folder),
                Threshold = options.Threshold ?? ModelFolder.ReadMultiLabelThreshold(loaded.Folder) ?? 0.5,
                MaxLength = loaded.MaxLength, BatchSize = loaded.BatchSize, Precision = options.Precision,
            };
        }
        catch
        {
            loaded.Model.Dispose();
            throw;
        }
    }

    public TextPrediction Predict(string text, string? pair = null) => Predict([text], pair is null ? null : [pair])[0];

    /// <summary>
    /// Predicts for <paramref name="texts"/> (with <paramref name="pairs"/>, the second texts of sentence pairs) in
    /// batches of similar length (<see cref="BatchSize"/> unless <paramref name="batchSize"/> is given); results are
    /// in input order.
    /// </summary>
    public IReadOnlyList<TextPrediction> Predict(IReadOnlyList<string> texts, IReadOnlyList<string>? pairs = null, int? batchSize = null) =>
        BatchedInference.Run(Tokenizer, texts.Select(Preprocessing.Apply).ToList(), MaxLength, batchSize ?? BatchSize, device,
            inputs => Outputs(model.Forward(inputs).Logits), Read, pairs?.Select(Preprocessing.Apply).ToList());

    /// <summary>The head's outputs as the problem type reads them: the number, independent sigmoids, or a softmax over the classes.</summary>
    private Tensor Outputs(Tensor logits) => ProblemType switch
    {
        ProblemType.Regression => logits,
        ProblemType.MultiLabelClassification => sigmoid(logits),
        _ => nn.functional.softmax(logits, -1),
    };

    private TextPrediction Read(double[] outputs)
    {
        if (ProblemType == ProblemType.Regression)
            return new TextPrediction(outputs[0].ToString("G6", System.Globalization.CultureInfo.InvariantCulture), 0, new Dictionary<string, double>()) { Score = outputs[0], Labels = [] };
        var byLabel = Labels.Select((label, c) => (label, p: outputs[c])).ToDictionary(x => x.label, x => x.p);
        if (ProblemType == ProblemType.MultiLabelClassification)
        {
            var chosen = byLabel.Where(x => x.Value >= Threshold).Select(x => x.Key).ToList();
            return new TextPrediction(string.Join(",", chosen), byLabel.Values.Max(), byLabel) { Labels = chosen };
        }
        var best = byLabel.MaxBy(x => x.Value);
        return new TextPrediction(best.Key, best.Value, byLabel);
    }

    public void Dispose() => model.Dispose();
}
