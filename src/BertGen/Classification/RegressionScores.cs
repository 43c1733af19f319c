namespace BertGen.Classification;

/// <summary>How well predicted numbers follow the true ones: Pearson's and Spearman's correlations, MSE, RMSE, MAE.</summary>
public sealed record RegressionScores(double Pearson, double Spearman, double MeanSquaredError, double RootMeanSquaredError, double MeanAbsoluteError)
{
    public static RegressionScores Compute(IReadOnlyList<double> predicted, IReadOnlyList<double> actual)
    {
        if (predicted.Count != actual.Count)
            throw new ArgumentException($"{predicted.Count} predictions for {actual.Count} examples");
        double mse = 0, mae = 0;
        for (int i = 0; i < actual.Count; i++)
        {
            double error = predicted[i] - actual[i];
            mse += error * error;
            mae += Math.Abs(error);
        }
        int n = Math.Max(1, actual.Count);
        return new RegressionScores(Correlation(predicted, actual), Correlation(Ranks(predicted), Ranks(actual)), mse / n, Math.Sqrt(mse / n), mae / n);
    }

    /// <summary>Pearson's correlation; 0 when either side is constant (SciPy gives NaN there, which no epoch can be selected by).</summary>
    public static double Correlation(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        int n = x.Count;
        if (n < 2)
            return 0;
        double meanX = x.Average(), meanY = y.Average(), covariance = 0, varianceX = 0, varianceY = 0;
        for (int i = 0; i < n; i++)
        {
            double dx = x[i] - meanX, dy = y[i] - meanY;
            covariance += dx * dy;
            varianceX += dx * dx;
            varianceY += dy * dy;
        }
        return varianceX == 0 || varianceY == 0 ? 0 : covariance / Math.Sqrt(varianceX * varianceY);
    }

    /// <summary>1-based ranks, ties given their average rank (as SciPy's <c>rankdata</c>), so Spearman's is Pearson's of ranks.</summary>
    public static double[] Ranks(IReadOnlyList<double> values)
    {
        var order = Enumerable.Range(0, values.Count).OrderBy(i => values[i]).ToArray();
        var ranks = new double[values.Count];
        for (int start = 0; start < order.Length;)
        {
            int end = start;
            while (end + 1 < order.Length && values[order[end + 1]] == values[order[start]])
                end++;
            double average = (start + end) / 2.0 + 1;
            for (int k = start; k <= end; k++)
                ranks[order[k]] = average;
            start = end + 1;
        }
        return ranks;
    }
}
