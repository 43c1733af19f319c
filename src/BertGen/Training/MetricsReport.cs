using System.Globalization;
using System.Text.Json;
using BertGen.Checkpoints;
using CsvHelper;

namespace BertGen.Training;

/// <summary>Writes a run's per-epoch figures: metrics.json, metrics.csv and the training.png plot, each atomically.</summary>
public static class MetricsReport
{
    public const string JsonFile = "metrics.json", CsvFile = "metrics.csv", PlotFile = "training.png";

    private static readonly JsonSerializerOptions s_json = new() { WriteIndented = true };

    public static void Write<TMetrics>(string folder, IReadOnlyList<TMetrics> history, string title) where TMetrics : IEpochSummary
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(history, s_json);
        AtomicFiles.WriteAll(folder,
        [
            (JsonFile, stream => stream.Write(json)),
            (CsvFile, stream => WriteCsv(stream, history)),
            (PlotFile, stream => stream.Write(TrainingPlot.Png(history.Cast<IEpochSummary>().ToList(), title))),
        ]);
    }

    private static void WriteCsv<TMetrics>(Stream stream, IReadOnlyList<TMetrics> history) where TMetrics : IEpochSummary
    {
        using var csv = CsvWriter.Create(stream, new CsvWriterOptions { NewLine = "\n" }, true);
        csv.WriteField("epoch");
        foreach (var figure in history.Count > 0 ? history[0].Figures() : [])
            csv.WriteField(figure.Name);
        csv.EndRecord();
        foreach (var epoch in history)
        {
            csv.WriteField(epoch.Epoch.ToString(CultureInfo.InvariantCulture));
            foreach (var figure in epoch.Figures())
                csv.WriteField(figure.Value.ToString("R", CultureInfo.InvariantCulture));
            csv.EndRecord();
        }
        csv.Flush();
    }
}
