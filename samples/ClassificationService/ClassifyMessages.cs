using BertGen.Prediction;

namespace BertGen.ClassificationService;

/// <summary>A text to classify, with the second text of a sentence pair when the model takes pairs.</summary>
/// <param name="Text">The text.</param>
/// <param name="Pair">The second text of a pair, or null.</param>
public sealed record ClassifyRequest(string? Text, string? Pair = null);

/// <summary>Several texts to classify in one call.</summary>
/// <param name="Texts">The texts.</param>
public sealed record ClassifyBatchRequest(IReadOnlyList<string>? Texts);

/// <summary>A classification.</summary>
/// <param name="Label">The predicted class (multi-label: the classes over the threshold, comma-separated; regression: the number).</param>
/// <param name="Probability">The predicted class's probability (multi-label: the highest).</param>
/// <param name="Probabilities">Every class's probability.</param>
/// <param name="Labels">The predicted classes.</param>
/// <param name="Score">A regression model's number; null for classifiers.</param>
public sealed record ClassifyResponse(string Label, double Probability, IReadOnlyDictionary<string, double> Probabilities, IReadOnlyList<string> Labels, double? Score)
{
    public static ClassifyResponse From(TextPrediction prediction) =>
        new(prediction.Label, prediction.Probability, prediction.Probabilities, prediction.Labels, prediction.Score);
}
