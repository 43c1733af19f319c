namespace BertGen.Classification;

/// <summary>
/// Multi-label scores at a threshold: micro F1 (over all decisions), macro F1 (the mean over classes), exact match
/// (every class of a text right) and per-class precision/recall/F1, as scikit-learn computes them (a class with
/// no positives predicted or present scores 0).
/// </summary>
public sealed record MultiLabelScores(double MicroF1, double MacroF1, double ExactMatch, IReadOnlyList<ClassMetrics> PerClass)
{
    public static MultiLabelScores Compute(IReadOnlyList<bool[]> predicted, IReadOnlyList<bool[]> actual, IReadOnlyList<string> labels)
    {
        if (predicted.Count != actual.Count)
            throw new ArgumentException($"{predicted.Count} predictions for {actual.Count} examples");
        int classes = labels.Count;
        var truePositives = new int[classes];
        var falsePositives = new int[classes];
        var falseNegatives = new int[classes];
        int exact = 0;
        for (int i = 0; i < actual.Count; i++)
        {
            bool all = true;
            for (int c = 0; c < classes; c++)
            {
                bool p = predicted[i][c], a = actual[i][c];
                if (p && a) truePositives[c]++;
                else if (p) falsePositives[c]++;
                else if (a) falseNegatives[c]++;
                all &= p == a;
            }
            exact += all ? 1 : 0;
        }
        var perClass = Enumerable.Range(0, classes).Select(c =>
        {
            var (precision, recall, f1) = Scores(truePositives[c], falsePositives[c], falseNegatives[c]);
            return new ClassMetrics(labels[c], precision, recall, f1, truePositives[c] + falseNegatives[c]);
        }).ToList();
        var micro = Scores(truePositives.Sum(), falsePositives.Sum(), falseNegatives.Sum());
        return new MultiLabelScores(micro.F1, perClass.Count == 0 ? 0 : perClass.Average(c => c.F1), actual.Count == 0 ? 0 : (double)exact / actual.Count, perClass);
    }

    private static (double Precision, double Recall, double F1) Scores(int truePositives, int falsePositives, int falseNegatives)
    {
        double precision = truePositives + falsePositives == 0 ? 0 : (double)truePositives / (truePositives + falsePositives);
        double recall = truePositives + falseNegatives == 0 ? 0 : (double)truePositives / (truePositives + falseNegatives);
        return (precision, recall, precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall));
    }
}
