using System.CommandLine;
using System.Text.Json;
using BertGen.Data;
using BertGen.Prediction;
using BertGen.Classification;
using BertGen.Training;

namespace BertGen.Cli;

internal static class EvaluateCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = "A saved model folder, or a model id on the Hugging Face Hub (org/name, org/name@revision) to download", Required = true };
        var data = new Option<string>("--data") { Description = "Labelled data: a CSV, TSV or JSON Lines file (plain or .gz) or an aclImdb folder", Required = true };
        var json = new Option<bool>("--json") { Description = "Print the metrics as JSON" };
        var dataOptions = new DataOptions();
        var inference = new InferenceOptions();
        var command = new Command("evaluate", "Score a saved classifier on labelled data: accuracy, precision/recall/F1 per class, macro F1, confusion matrix.") { model, data, json };
        dataOptions.AddTo(command, "default: as the model folder's bertgen_preprocessing.json records, none without it");
        inference.AddTo(command);
        command.SetAction(result => CommandErrors.Run(() =>
        {
            using var classifier = TextClassifier.Load(result.GetValue(model)!, inference.Read(result, dataOptions.CleanChoice(result)));
            // Texts are read as they are; the classifier applies the model's preprocessing.
            var dataset = TextDatasets.Read(result.GetValue(data)!, dataOptions.Read(result, cleanWhileReading: false) with { KnownLabels = classifier.Labels.ToList() });
            var predictions = classifier.Predict(dataset.Examples.Select(e => e.Text).ToList());
            var metrics = ClassificationMetrics.Compute(
                predictions.Select(p => classifier.Labels.IndexOf(p.Label)).ToList(),
                dataset.Examples.Select(e => classifier.Labels.IndexOf(e.Label)).ToList(), classifier.Labels);
            if (result.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(metrics, new JsonSerializerOptions { WriteIndented = true }));
            }
            else
            {
                Console.WriteLine($"{dataset.Examples.Count} examples{(dataset.SkippedRows > 0 ? $" ({dataset.SkippedRows} bad rows skipped)" : "")}: accuracy {metrics.Accuracy:P2}, macro F1 {metrics.MacroF1:F4}");
                foreach (var c in metrics.PerClass)
                    Console.WriteLine($"  {c.Label}: precision {c.Precision:F4}, recall {c.Recall:F4}, F1 {c.F1:F4}, support {c.Support}");
                Console.WriteLine($"  confusion matrix (rows: actual {string.Join("/", classifier.Labels)}): {JsonSerializer.Serialize(metrics.ConfusionMatrix)}");
            }
            return Task.FromResult(0);
        }));
        return command;
    }

    private static int IndexOf(this IReadOnlyList<string> labels, string label)
    {
        for (int i = 0; i < labels.Count; i++)
        {
            if (labels[i] == label)
                return i;
        }
        return -1;
    }
}
