using System.CommandLine;
using System.Text.Json;
using BertGen.Data;
using BertGen.Modeling;
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
        var command = new Command("evaluate", "Score a saved model on labelled data (texts or text pairs): accuracy, per-class precision/recall/F1, macro F1 and the confusion matrix; Pearson/Spearman/MSE for regression; micro/macro F1 and exact match for multi-label; accuracy for multiple choice; seqeval's entity precision/recall/F1 for named entities; SQuAD's exact match and F1 for question answering (SQuAD JSON).") { model, data, json };
        dataOptions.AddTo(command, "default: as the model folder's bertgen_preprocessing.json records, none without it");
        inference.AddTo(command);
        var choiceOptions = new ChoiceOptions();
        choiceOptions.AddTo(command, CommandUse.Evaluation);
        var nerOptions = new NerOptions();
        nerOptions.AddTo(command, CommandUse.Evaluation);
        var qaOptions = new QaOptions();
        qaOptions.AddTo(command, CommandUse.Evaluation);
        command.SetAction(result => CommandErrors.Run(() =>
        {
            var folder = Hub.ModelLocation.Resolve(result.GetValue(model)!);
            if (TokenClassification.EntityTagger.IsTokenClassifierFolder(folder))
                return Task.FromResult(nerOptions.Evaluate(folder, result.GetValue(data)!, nerOptions.Read(result, dataOptions), inference.Read(result, null), result.GetValue(json)));
            if (QuestionAnswering.QuestionAnswerer.IsQuestionAnsweringFolder(folder))
                return Task.FromResult(qaOptions.Evaluate(result, folder, result.GetValue(data)!, result.GetValue(dataOptions.SkipBadRows), inference.Read(result, null), result.GetValue(json)));
            if (MultipleChoice.MultipleChoicePredictor.IsMultipleChoiceFolder(folder))
                return Task.FromResult(choiceOptions.Evaluate(folder, result.GetValue(data)!, choiceOptions.Read(result, dataOptions, labelled: true), inference.Read(result, null), result.GetValue(json)));
            using var classifier = TextClassifier.Load(folder, inference.Read(result, dataOptions.CleanChoice(result)));
            // Texts are read as they are; the classifier applies the model's preprocessing. Only single-label
            // classes can be checked against the model's while reading.
            var reading = dataOptions.Read(result, cleanWhileReading: false);
            if (classifier.ProblemType == ProblemType.SingleLabelClassification)
                reading = reading with { KnownLabels = classifier.Labels.ToList() };
            var dataset = TextDatasets.Read(result.GetValue(data)!, reading);
            var examples = dataset.Examples;
            bool pairs = examples.Count > 0 && examples[0].Pair is not null;
            var predictions = classifier.Predict(examples.Select(e => e.Text).ToList(), pairs ? examples.Select(e => e.Pair!).ToList() : null);
            string counted = $"{examples.Count} examples{(pairs ? " (text pairs)" : "")}{(dataset.SkippedRows > 0 ? $" ({dataset.SkippedRows} bad rows skipped)" : "")}";
            var classes = new LabelMap(classifier.Labels);
            char separator = dataOptions.Separator(result);
            object report = classifier.ProblemType switch
            {
                ProblemType.Regression => RegressionScores.Compute(predictions.Select(p => p.Score!.Value).ToList(), examples.Select(e => (double)RegressionTask.Target(e)).ToList()),
                ProblemType.MultiLabelClassification => MultiLabelScores.Compute(
                    predictions.Select(p => classifier.Labels.Select(p.Labels.Contains).ToArray()).ToList(),
                    examples.Select(e => MultiLabels.Targets(e, classes, separator).Select(t => t > 0.5f).ToArray()).ToList(),
                    classifier.Labels),
                _ => ClassificationMetrics.Compute(
                    predictions.Select(p => classifier.Labels.IndexOf(p.Label)).ToList(),
                    examples.Select(e => classifier.Labels.IndexOf(e.Label)).ToList(), classifier.Labels),
            };
            if (result.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(report, report.GetType(), new JsonSerializerOptions { WriteIndented = true }));
                return Task.FromResult(0);
            }
            switch (report)
            {
                case RegressionScores r:
                    Console.WriteLine($"{counted}: Pearson {r.Pearson:F4}, Spearman {r.Spearman:F4}, MSE {r.MeanSquaredError:F4}, RMSE {r.RootMeanSquaredError:F4}, MAE {r.MeanAbsoluteError:F4}");
                    break;
                case MultiLabelScores m:
                    Console.WriteLine($"{counted}: micro F1 {m.MicroF1:F4}, macro F1 {m.MacroF1:F4}, exact match {m.ExactMatch:P2} (threshold {classifier.Threshold})");
                    PrintClasses(m.PerClass);
                    break;
                case ClassificationMetrics metrics:
                    Console.WriteLine($"{counted}: accuracy {metrics.Accuracy:P2}, macro F1 {metrics.MacroF1:F4}");
                    PrintClasses(metrics.PerClass);
                    Console.WriteLine($"  confusion matrix (rows: actual {string.Join("/", classifier.Labels)}): {JsonSerializer.Serialize(metrics.ConfusionMatrix)}");
                    break;
            }
            return Task.FromResult(0);
        }));
        return command;
    }

    private static void PrintClasses(IEnumerable<ClassMetrics> classes)
    {
        foreach (var c in classes)
            Console.WriteLine($"  {c.Label}: precision {c.Precision:F4}, recall {c.Recall:F4}, F1 {c.F1:F4}, support {c.Support}");
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
