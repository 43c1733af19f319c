using ScottPlot;

namespace BertGen.Training;

/// <summary>The training/validation loss and validation accuracy per epoch, drawn with ScottPlot.</summary>
public static class TrainingPlot
{
    public static byte[] Png(IReadOnlyList<EpochMetrics> history, int width = 800, int height = 450)
    {
        var plot = new Plot();
        double[] epochs = history.Select(e => (double)e.Epoch).ToArray();
        var train = plot.Add.Scatter(epochs, history.Select(e => e.TrainLoss).ToArray());
        train.LegendText = "training loss";
        var validation = plot.Add.Scatter(epochs, history.Select(e => e.ValidationLoss).ToArray());
        validation.LegendText = "validation loss";
        var accuracy = plot.Add.Scatter(epochs, history.Select(e => e.ValidationAccuracy).ToArray());
        accuracy.LegendText = "validation accuracy";
        accuracy.Axes.YAxis = plot.Axes.Right;
        plot.Axes.Right.Label.Text = "accuracy";
        plot.Axes.Left.Label.Text = "loss";
        plot.Axes.Bottom.Label.Text = "epoch";
        plot.Title("BertGen fine-tuning");
        plot.ShowLegend(Alignment.UpperCenter);
        return plot.GetImageBytes(width, height, ImageFormat.Png);
    }
}
