using System.Text.Json.Serialization;
using BertGen.Training;

namespace BertGen.QuestionAnswering;

/// <summary>
/// One question-answering epoch's figures: held-out span loss (per window), and exact match and F1 over questions as
/// the official SQuAD v1.1 script computes them (0-100); for v2.0 data also how often the answer was rightly given or withheld.
/// </summary>
public sealed record QuestionAnsweringMetrics : EpochSummary
{
    [JsonPropertyName("val_loss")] public double ValidationLoss { get; init; }
    [JsonPropertyName("exact_match")] public double ExactMatch { get; init; }
    [JsonPropertyName("f1")] public double F1 { get; init; }
    [JsonPropertyName("questions")] public int Questions { get; init; }

    /// <summary>v2.0 data: the share of questions whose answer was given when they have one and withheld when not; null for v1.1.</summary>
    [JsonPropertyName("has_answer_accuracy")] public double? HasAnswerAccuracy { get; init; }

    public static QuestionAnsweringMetrics From(IReadOnlyList<(SquadExample Example, AnswerPrediction Answer)> answers, double validationLoss, bool allowNoAnswer)
    {
        var scores = SquadMetric.Score(answers.Select(a => ((string?)a.Answer.Text, a.Example.Answers.Select(g => g.Text).ToList() as IReadOnlyList<string>)).ToList());
        return new QuestionAnsweringMetrics
        {
            ValidationLoss = validationLoss,
            ExactMatch = scores.ExactMatch,
            F1 = scores.F1,
            Questions = scores.Questions,
            HasAnswerAccuracy = allowNoAnswer && answers.Count > 0 ? answers.Average(a => a.Answer.HasAnswer == a.Example.Answers.Count > 0 ? 1.0 : 0.0) : null,
        };
    }

    public override IReadOnlyList<EpochFigure> Figures() => WithTrainingFigures(
    [
        new("val_loss", ValidationLoss, "F4", PlotAxis.Loss),
        new("exact_match", ExactMatch, "F2", PlotAxis.Accuracy),
        new("f1", F1, "F2", PlotAxis.Accuracy),
        .. HasAnswerAccuracy is { } accuracy ? [new EpochFigure("has_answer_accuracy", accuracy, "P2")] : Array.Empty<EpochFigure>(),
    ]);
}
