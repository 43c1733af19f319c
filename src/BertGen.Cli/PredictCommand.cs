using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using BertGen.Data;
using BertGen.Prediction;
using CsvHelper;

namespace BertGen.Cli;

internal static class PredictCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = "A saved model folder (BertGen's or any Hugging Face BERT sequence classifier with vocab.txt), or a model id on the Hugging Face Hub (org/name, org/name@revision) to download", Required = true };
        var texts = new Option<string[]>("--text") { Description = "Text to classify (repeat for several)", AllowMultipleArgumentsPerToken = true };
        var csv = new Option<string?>("--csv") { Description = "A CSV of texts to classify (column --text-column)" };
        var output = new Option<string?>("--output") { Description = "Where to write the predictions CSV for --csv" };
        var textColumn = new Option<string>("--text-column") { Description = "CSV column with the text", DefaultValueFactory = _ => "review" };
        var json = new Option<bool>("--json") { Description = "Print one JSON object per text: text, label and the probability of every label" };
        var command = new Command("predict", "Classify texts with a saved model: the label and the probability of every class.") { model, texts, csv, output, textColumn, json };
        command.SetAction(result => CommandErrors.Run(() =>
        {
            using var classifier = TextClassifier.Load(result.GetValue(model)!);
            var inputs = result.GetValue(texts) ?? [];
            var csvPath = result.GetValue(csv);
            if (inputs.Length == 0 && csvPath is null)
                throw new ArgumentException("give --text or --csv");
            var all = inputs.ToList();
            if (csvPath is not null)
            {
                var dataset = CsvTextReader.ReadTexts(csvPath, result.GetValue(textColumn)!);
                all.AddRange(dataset);
            }
            var predictions = classifier.Predict(all);
            if (csvPath is not null && result.GetValue(output) is { } outputPath)
            {
                WriteCsv(outputPath, all, predictions, classifier.Labels);
                Console.Error.WriteLine($"Wrote {predictions.Count} predictions to {outputPath}");
            }
            for (int i = 0; i < predictions.Count && (csvPath is null || result.GetValue(output) is null || i < inputs.Length); i++)
                Console.WriteLine(result.GetValue(json) ? Json(all[i], predictions[i]) : $"{predictions[i].Label} ({predictions[i].Probability:P1}): {all[i]}");
            return Task.FromResult(0);
        }));
        return command;
    }

    private static string Json(string text, TextPrediction prediction) =>
        JsonSerializer.Serialize(new { text, label = prediction.Label, probability = prediction.Probability, probabilities = prediction.Probabilities });

    private static void WriteCsv(string path, IReadOnlyList<string> texts, IReadOnlyList<TextPrediction> predictions, IReadOnlyList<string> labels)
    {
        Checkpoints.AtomicFiles.Write(path, stream =>
        {
            using var writer = CsvWriter.Create(stream, new CsvWriterOptions { NewLine = "\n" }, true);
            writer.WriteField("text");
            writer.WriteField("label");
            foreach (var label in labels)
                writer.WriteField($"p_{label}");
            writer.EndRecord();
            for (int i = 0; i < texts.Count; i++)
            {
                writer.WriteField(texts[i]);
                writer.WriteField(predictions[i].Label);
                foreach (var label in labels)
                    writer.WriteField(predictions[i].Probabilities[label].ToString("R", CultureInfo.InvariantCulture));
                writer.EndRecord();
            }
            writer.Flush();
        });
    }
}
