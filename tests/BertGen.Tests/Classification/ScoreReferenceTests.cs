using System.Text.Json;
using BertGen.Classification;
using BertGen.Tests.Infrastructure;

namespace BertGen.Tests.Classification;

/// <summary>
/// Regression and multi-label scores against SciPy and scikit-learn on the same inputs
/// (tests/fixtures/metrics/references.json, made by tests/fixtures/make_metric_references.py).
/// </summary>
public sealed class ScoreReferenceTests
{
    private static readonly JsonElement s_references =
        JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "tests", "fixtures", "metrics", "references.json"))).RootElement;

    private static double[] Numbers(JsonElement array) => array.EnumerateArray().Select(e => e.GetDouble()).ToArray();

    [Fact]
    public void Pearson_spearman_with_ties_mse_and_mae_match_scipy_and_scikit_learn()
    {
        foreach (var reference in s_references.GetProperty("regression").EnumerateArray())
        {
            var scores = RegressionScores.Compute(Numbers(reference.GetProperty("predicted")), Numbers(reference.GetProperty("actual")));
            Assert.Equal(reference.GetProperty("pearson").GetDouble(), scores.Pearson, 1e-12);
            Assert.Equal(reference.GetProperty("spearman").GetDouble(), scores.Spearman, 1e-12);
            Assert.Equal(reference.GetProperty("mse").GetDouble(), scores.MeanSquaredError, 1e-12);
            Assert.Equal(reference.GetProperty("mae").GetDouble(), scores.MeanAbsoluteError, 1e-12);
        }
    }

    [Fact]
    public void Micro_and_macro_f1_and_exact_match_match_scikit_learn_with_empty_classes()
    {
        foreach (var reference in s_references.GetProperty("multi_label").EnumerateArray())
        {
            static List<bool[]> Rows(JsonElement rows) => rows.EnumerateArray().Select(r => r.EnumerateArray().Select(v => v.GetInt32() == 1).ToArray()).ToList();
            var actual = Rows(reference.GetProperty("actual"));
            var labels = Enumerable.Range(0, actual[0].Length).Select(c => $"c{c}").ToList();

            var scores = MultiLabelScores.Compute(Rows(reference.GetProperty("predicted")), actual, labels);

            Assert.Equal(reference.GetProperty("micro_f1").GetDouble(), scores.MicroF1, 1e-12);
            Assert.Equal(reference.GetProperty("macro_f1").GetDouble(), scores.MacroF1, 1e-12);
            Assert.Equal(reference.GetProperty("exact_match").GetDouble(), scores.ExactMatch, 1e-12);
            Assert.Equal(Numbers(reference.GetProperty("f1_per_class")), scores.PerClass.Select(c => c.F1).ToArray(), (a, b) => Math.Abs(a - b) < 1e-12);
        }
    }

    [Fact]
    public void A_constant_prediction_has_no_correlation_rather_than_nan()
    {
        var scores = RegressionScores.Compute([5, 5, 5], [1, 2, 3]);
        Assert.Equal(0, scores.Pearson);
        Assert.Equal(0, scores.Spearman);
    }
}
