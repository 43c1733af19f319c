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

    public static void Write(string folder, IReadOnlyList<EpochMetrics> history)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(history, s_json);
        AtomicFiles.WriteAll(folder,
        [
            (JsonFile, stream => stream.Write(json)),
            (CsvFile, stream => WriteCsv(stream, history)),
            (PlotFile, stream => stream.Write(TrainingPlot.Png(history))),
        ]);
    }

    private static void WriteCsv(Stream stream, IReadOnlyList<EpochMetrics> history)
    {
        using var csv = CsvWriter.Create(stream, new CsvWriterOptions { NewLine = "\n" }, true);
        var labels = history.Count > 0 ? history[0].PerClass.Select(c => c.Label).ToList() : [];
        string[] header =
        [
            "epoch", "train_loss", "val_loss", "val_accuracy", "macro_f1",
            .. labels.SelectMany(l => new[] { $"precision_{l}", $"recall_{l}", $"f1_{l}" }),
            "learning_rate", "seconds", "tokens_processed", "real_tokens", "resident_mb", "peak_resident_mb",
        ];
        foreach (var name in header)
            csv.WriteField(name);
        csv.EndRecord();
        foreach (var epoch in history)
        {
            csv.WriteField(Number(epoch.Epoch));
            foreach (var value in new[] { epoch.TrainLoss, epoch.ValidationLoss, epoch.ValidationAccuracy, epoch.MacroF1 })
                csv.WriteField(Number(value));
            foreach (var c in epoch.PerClass)
            {
                csv.WriteField(Number(c.Precision));
                csv.WriteField(Number(c.Recall));
                csv.WriteField(Number(c.F1));
            }
            csv.WriteField(Number(epoch.LearningRate));
            csv.WriteField(Number(epoch.Seconds));
            csv.WriteField(Number(epoch.TokensProcessed));
            csv.WriteField(Number(epoch.RealTokens));
            csv.WriteField(Number(epoch.ResidentMegabytes));
            csv.WriteField(Number(epoch.PeakResidentMegabytes));
            csv.EndRecord();
        }
        csv.Flush();
    }

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
