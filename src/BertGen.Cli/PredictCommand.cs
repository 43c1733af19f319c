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
        var data = new Option<string?>("--data", "--csv") { Description = "A file of texts to classify (column --text-column): CSV, TSV or JSON Lines, plain or .gz" };
        var output = new Option<string?>("--output") { Description = "Where to write the predictions CSV for --data" };
        var json = new Option<bool>("--json") { Description = "Print one JSON object per text: text, label and the probability of every label" };
        var dataOptions = new DataOptions(labelled: false);
        var inference = new InferenceOptions();
        var command = new Command("predict", "Classify texts with a saved model: the label and the probability of every class.") { model, texts, data, output, json };
        dataOptions.AddTo(command, "default: as the model folder's bertgen_preprocessing.json records, none without it");
        inference.AddTo(command);
        command.SetAction(result => CommandErrors.Run(() =>
        {
            var inputs = result.GetValue(texts) ?? [];
            var dataPath = result.GetValue(data);
            if (inputs.Length == 0 && dataPath is null)
                throw new ArgumentException("give --text or --data");
            using var classifier = TextClassifier.Load(result.GetValue(model)!, inference.Read(result, dataOptions.CleanChoice(result)));
            var all = inputs.ToList();
            // Texts are read as they are; the classifier applies the model's preprocessing.
            if (dataPath is not null)
                all.AddRange(TextDatasets.ReadTexts(dataPath, dataOptions.Read(result, cleanWhileReading: false)));
            var predictions = classifier.Predict(all);
            if (dataPath is not null && result.GetValue(output) is { } outputPath)
            {
                WriteCsv(outputPath, all, predictions, classifier.Labels);
                Console.Error.WriteLine($"Wrote {predictions.Count} predictions to {outputPath}");
            }
            for (int i = 0; i < predictions.Count && (dataPath is null || result.GetValue(output) is null || i < inputs.Length); i++)
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
