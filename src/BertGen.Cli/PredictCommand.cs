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
        var textPairs = new Option<string[]>("--text-pair") { Description = "The second text of a sentence pair, one per --text, in the same order", AllowMultipleArgumentsPerToken = true };
        var data = new Option<string?>("--data", "--csv") { Description = "A file of texts to classify (column --text-column): CSV, TSV or JSON Lines, plain or .gz" };
        var output = new Option<string?>("--output") { Description = "Where to write the predictions CSV for --data" };
        var json = new Option<bool>("--json") { Description = "Print one JSON object per text: text, label and the probability of every label" };
        var dataOptions = new DataOptions(labelled: false);
        var inference = new InferenceOptions();
        var command = new Command("predict", "Predict with a saved model: the label and the probability of every class (every class at or above the threshold for multi-label models; the number for regression models), for texts or text pairs; the picked choice for multiple-choice models; the entities (type, score, character span) for named-entity models; the answer (text, score, character span) to each --question about its --context, or to each question of a JSON Lines or SQuAD file, for question-answering models.") { model, texts, textPairs, data, output, json };
        dataOptions.AddTo(command, "default: as the model folder's bertgen_preprocessing.json records, none without it");
        inference.AddTo(command);
        var choiceOptions = new ChoiceOptions();
        choiceOptions.AddTo(command, CommandUse.Prediction);
        var nerOptions = new NerOptions();
        nerOptions.AddTo(command, CommandUse.Prediction);
        var qaOptions = new QaOptions();
        qaOptions.AddTo(command, CommandUse.Prediction);
        command.SetAction(result => CommandErrors.Run(() =>
        {
            var inputs = result.GetValue(texts) ?? [];
            var dataPath = result.GetValue(data);
            var folder = Hub.ModelLocation.Resolve(result.GetValue(model)!);
            if (QuestionAnswering.QuestionAnswerer.IsQuestionAnsweringFolder(folder))
                return Task.FromResult(qaOptions.Predict(result, folder, dataPath, inference.Read(result, null), result.GetValue(json)));
            if (inputs.Length == 0 && dataPath is null)
                throw new ArgumentException("give --text or --data");
            if (TokenClassification.EntityTagger.IsTokenClassifierFolder(folder))
            {
                var sentences = inputs.Concat(dataPath is null ? [] : TextDatasets.ReadTexts(dataPath, dataOptions.Read(result, cleanWhileReading: false))).ToList();
                return Task.FromResult(nerOptions.Predict(result, folder, sentences, inference.Read(result, null), result.GetValue(json)));
            }
            if (MultipleChoice.MultipleChoicePredictor.IsMultipleChoiceFolder(folder))
                return Task.FromResult(choiceOptions.Predict(result, folder, inputs, dataPath, dataOptions, inference.Read(result, null), result.GetValue(json)));
            using var classifier = TextClassifier.Load(folder, inference.Read(result, dataOptions.CleanChoice(result)));
            var all = inputs.ToList();
            var pairs = result.GetValue(textPairs) is { Length: > 0 } givenPairs ? givenPairs.ToList() : null;
            if (pairs is not null && pairs.Count != inputs.Length)
                throw new ArgumentException($"give one --text-pair per --text ({inputs.Length} texts, {pairs.Count} pairs)");
            // Texts are read as they are; the classifier applies the model's preprocessing.
            if (dataPath is not null)
            {
                var reading = dataOptions.Read(result, cleanWhileReading: false);
                all.AddRange(TextDatasets.ReadTexts(dataPath, reading));
                if (reading.TextPairColumn is { } pairColumn)
                {
                    if (reading.SkipBadRows)
                        throw new ArgumentException("--skip-bad-rows cannot be combined with --text-pair-column in predict: a skipped row would pair texts wrongly");
                    if (inputs.Length > 0 && pairs is null)
                        throw new ArgumentException("the --data file has pairs: give a --text-pair for each --text too");
                    (pairs ??= []).AddRange(TextDatasets.ReadTexts(dataPath, reading with { TextColumn = pairColumn }));
                }
                else if (pairs is not null)
                    throw new ArgumentException("--text-pair was given: name the --data file's pair column with --text-pair-column");
            }
            var predictions = classifier.Predict(all, pairs);
            if (dataPath is not null && result.GetValue(output) is { } outputPath)
            {
                WriteCsv(outputPath, all, predictions, classifier.ProblemType == BertGen.Modeling.ProblemType.Regression ? [] : classifier.Labels);
                Console.Error.WriteLine($"Wrote {predictions.Count} predictions to {outputPath}");
            }
            for (int i = 0; i < predictions.Count && (dataPath is null || result.GetValue(output) is null || i < inputs.Length); i++)
                Console.WriteLine(result.GetValue(json) ? Json(all[i], predictions[i]) : $"{(predictions[i].Score is null ? $"{predictions[i].Label} ({predictions[i].Probability:P1})" : predictions[i].Label)}: {all[i]}");
            return Task.FromResult(0);
        }));
        return command;
    }

    private static string Json(string text, TextPrediction prediction) => prediction.Score is { } score
        ? JsonSerializer.Serialize(new { text, score })
        : JsonSerializer.Serialize(new { text, label = prediction.Label, labels = prediction.Labels, probability = prediction.Probability, probabilities = prediction.Probabilities });

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
