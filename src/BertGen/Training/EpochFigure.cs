namespace BertGen.Training;

/// <summary>Where a figure is drawn in training.png.</summary>
public enum PlotAxis
{
    None,
    Loss,
    Accuracy,
}

/// <summary>One named figure of an epoch: its value, how to print it, where to plot it, whether the console table shows it.</summary>
public sealed record EpochFigure(string Name, double Value, string Format, PlotAxis Plot = PlotAxis.None, bool InTable = true);

/// <summary>An epoch's figures, whatever is being trained: what progress, metrics.csv and the plot show.</summary>
public interface IEpochSummary
{
    int Epoch { get; }

    IReadOnlyList<EpochFigure> Figures();

    /// <summary>A table the console prints under the epoch's figures (per-class scores, say), or null.</summary>
    EpochTable? Detail => null;
}

/// <summary>Rows of text under named columns.</summary>
public sealed record EpochTable(IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<string>> Rows);
