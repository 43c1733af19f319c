using ScottPlot;

namespace BertGen.Training;

/// <summary>The loss figures (left axis) and accuracy figures (right axis) of each epoch, drawn with ScottPlot.</summary>
public static class TrainingPlot
{
    public static byte[] Png(IReadOnlyList<IEpochSummary> history, string title, int width = 800, int height = 450)
    {
        var plot = new Plot();
        double[] epochs = history.Select(e => (double)e.Epoch).ToArray();
        var names = history.Count > 0 ? history[0].Figures().Where(f => f.Plot != PlotAxis.None).ToList() : [];
        foreach (var figure in names)
        {
            var line = plot.Add.Scatter(epochs, history.Select(e => e.Figures().First(f => f.Name == figure.Name).Value).ToArray());
            line.LegendText = figure.Name.Replace('_', ' ');
            if (figure.Plot == PlotAxis.Accuracy)
                line.Axes.YAxis = plot.Axes.Right;
        }
        plot.Axes.Right.Label.Text = "accuracy";
        plot.Axes.Left.Label.Text = "loss";
        plot.Axes.Bottom.Label.Text = "epoch";
        plot.Title(title);
        plot.ShowLegend(Alignment.UpperCenter);
        return plot.GetImageBytes(width, height, ImageFormat.Png);
    }
}
