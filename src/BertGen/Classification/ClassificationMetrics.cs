using System.Globalization;
using BertGen.Training;
namespace BertGen.Classification;

/// <summary>Precision, recall and F1 of one class.</summary>
public sealed record ClassMetrics(string Label, double Precision, double Recall, double F1, int Support)
{
    /// <summary>The console table of per-class scores under an epoch's figures.</summary>
    public static EpochTable Table(IEnumerable<ClassMetrics> classes) => new(
        ["label", "precision", "recall", "F1", "support"],
        classes.Select(c => (IReadOnlyList<string>)[c.Label, F(c.Precision), F(c.Recall), F(c.F1), c.Support.ToString(CultureInfo.InvariantCulture)]).ToList());

    private static string F(double value) => value.ToString("F4", CultureInfo.InvariantCulture);
}

/// <summary>Accuracy, per-class and macro scores and the confusion matrix of a set of predictions.</summary>
public sealed record ClassificationMetrics(double Accuracy, double MacroF1, IReadOnlyList<ClassMetrics> PerClass, int[][] ConfusionMatrix)
{
    /// <summary>
    /// Scores <paramref name="predicted"/> against <paramref name="actual"/> class ids. The confusion matrix is
    /// indexed [actual][predicted]. A class never predicted has precision 0 (and never present, recall 0).
    /// </summary>
    public static ClassificationMetrics Compute(IReadOnlyList<int> predicted, IReadOnlyList<int> actual, IReadOnlyList<string> labels)
    {
        if (predicted.Count != actual.Count)
            throw new ArgumentException($"{predicted.Count} predictions for {actual.Count} examples");
        int classes = labels.Count;
        var matrix = Enumerable.Range(0, classes).Select(_ => new int[classes]).ToArray();
        for (int i = 0; i < actual.Count; i++)
            matrix[actual[i]][predicted[i]]++;

        var perClass = new List<ClassMetrics>(classes);
        for (int c = 0; c < classes; c++)
        {
            int truePositives = matrix[c][c];
            int predictedAsC = matrix.Sum(row => row[c]);
            int support = matrix[c].Sum();
            double precision = predictedAsC == 0 ? 0 : (double)truePositives / predictedAsC;
            double recall = support == 0 ? 0 : (double)truePositives / support;
            double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            perClass.Add(new ClassMetrics(labels[c], precision, recall, f1, support));
        }
        int correct = Enumerable.Range(0, classes).Sum(c => matrix[c][c]);
        double accuracy = actual.Count == 0 ? 0 : (double)correct / actual.Count;
        return new ClassificationMetrics(accuracy, perClass.Average(m => m.F1), perClass, matrix);
    }
}
