using System.Text.Json;
using BertGen.QuestionAnswering;
using BertGen.Tests.Infrastructure;

namespace BertGen.Tests.QuestionAnswering;

/// <summary>
/// Exact match and F1 equal the official SQuAD v1.1 evaluation's on committed cases
/// (tests/fixtures/make_squad_references.py: the script's own functions on answers with articles, punctuation, case,
/// whitespace and unicode, and predictions that match, overlap or miss).
/// </summary>
public class SquadMetricTests
{
    private static readonly JsonElement s_reference = JsonDocument.Parse(File.ReadAllText(
        Path.Combine(RepositoryPaths.Root, "tests", "fixtures", "metrics", "squad-references.json"))).RootElement;

    private static IEnumerable<(string Prediction, List<string> Answers, JsonElement Case)> Cases() =>
        s_reference.GetProperty("cases").EnumerateArray().Select(c =>
            (c.GetProperty("prediction").GetString()!, c.GetProperty("answers").EnumerateArray().Select(a => a.GetString()!).ToList(), c));

    [Fact]
    public void Every_case_scores_as_the_official_script_scores_it()
    {
        foreach (var (prediction, answers, reference) in Cases())
        {
            Assert.Equal(reference.GetProperty("normalized").GetString(), SquadMetric.Normalize(prediction));
            Assert.Equal(reference.GetProperty("exact_match").GetDouble(), answers.Any(a => SquadMetric.ExactMatch(prediction, a)) ? 1.0 : 0.0);
            Assert.Equal(reference.GetProperty("f1").GetDouble(), answers.Max(a => SquadMetric.F1(prediction, a)), 12);
        }
    }

    [Fact]
    public void The_totals_are_the_official_percentages()
    {
        var scores = SquadMetric.Score(Cases().Select(c => ((string?)c.Prediction, (IReadOnlyList<string>)c.Answers)).ToList());

        var totals = s_reference.GetProperty("totals");
        Assert.Equal(totals.GetProperty("exact_match").GetDouble(), scores.ExactMatch, 10);
        Assert.Equal(totals.GetProperty("f1").GetDouble(), scores.F1, 10);
        Assert.Equal(60, scores.Questions);
    }

    [Fact]
    public void Articles_punctuation_and_case_do_not_count()
    {
        Assert.True(SquadMetric.ExactMatch("The Denver Broncos!", "denver broncos"));
        Assert.Equal(2.0 / 3, SquadMetric.F1("Denver Broncos team", "the Broncos of Denver"), 12);
    }
}
