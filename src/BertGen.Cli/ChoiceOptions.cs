using System.CommandLine;
using System.Text.Json;
using BertGen.MultipleChoice;
using BertGen.Prediction;

namespace BertGen.Cli;

/// <summary>
/// What <c>finetune --task MultipleChoice</c>, <c>evaluate</c> and <c>predict</c> add for multiple choice: where the
/// choices and answers are, and how evaluate and predict run such a folder (they dispatch here when its config.json
/// names BertForMultipleChoice).
/// </summary>
internal sealed class ChoiceOptions
{
    public Option<string> ChoiceColumns { get; } = new("--choice-columns")
    {
        Description = "Multiple-choice models: the JSON Lines fields with the choices, comma-separated in answer order (PIQA: sol1,sol2); --text-column is the context",
        DefaultValueFactory = _ => "sol1,sol2",
    };

    public Option<string?> Answers { get; } = new("--answers") { Description = "Multiple-choice models: a file with each --data line's 0-based answer index (PIQA: valid-labels.lst), instead of --label-column" };

    public Option<string?> ValidationAnswers { get; } = new("--validation-answers") { Description = "Multiple choice: the answers file of --validation" };

    public Option<string[]> Choices { get; } = new("--choice") { Description = "Multiple-choice models: a choice for the --text context (repeat for each)", AllowMultipleArgumentsPerToken = true };

    /// <summary>Adds the choice columns and what the command reads besides: answers (and validation answers when training), or the choices of one --text.</summary>
    public void AddTo(Command command, CommandUse use)
    {
        command.Options.Add(ChoiceColumns);
        if (use == CommandUse.Prediction)
        {
            command.Options.Add(Choices);
            return;
        }
        command.Options.Add(Answers);
        if (use == CommandUse.Training)
            command.Options.Add(ValidationAnswers);
    }

    public ChoiceDataOptions Read(ParseResult result, DataOptions data, bool labelled) => new()
    {
        ContextColumn = result.GetValue(data.TextColumn)!,
        ChoiceColumns = result.GetValue(ChoiceColumns)!.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries),
        LabelColumn = labelled ? result.GetValue(data.LabelColumn)! : "",
        LabelsFile = labelled ? result.GetValue(Answers) : null,
    };

    /// <summary><c>evaluate</c> on a multiple-choice folder: accuracy over the data's answers.</summary>
    public int Evaluate(string folder, string data, ChoiceDataOptions options, TextClassifierOptions inference, bool json)
    {
        using var predictor = MultipleChoicePredictor.Load(folder, inference);
        var examples = ChoiceDatasets.Read(data, options);
        var predictions = predictor.Predict(examples);
        int correct = examples.Zip(predictions).Count(x => x.First.Label == x.Second.Choice);
        double accuracy = examples.Count == 0 ? 0 : (double)correct / examples.Count;
        Console.WriteLine(json
            ? JsonSerializer.Serialize(new { examples = examples.Count, correct, accuracy }, new JsonSerializerOptions { WriteIndented = true })
            : $"{examples.Count} examples of {examples.FirstOrDefault()?.Choices.Count ?? 0} choices: accuracy {accuracy:P2} ({correct} right)");
        return 0;
    }

    /// <summary><c>predict</c> on a multiple-choice folder: the picked choice and every choice's probability, for --text with --choice, or --data lines.</summary>
    public int Predict(ParseResult result, string folder, string[] contexts, string? data, DataOptions dataOptions, TextClassifierOptions inference, bool json)
    {
        var examples = new List<ChoiceExample>();
        var choices = result.GetValue(Choices) ?? [];
        if (contexts.Length > 1)
            throw new ArgumentException("a multiple-choice model takes one --text context with its --choice options; give more as --data");
        if (contexts.Length == 1)
        {
            if (choices.Length < 2)
                throw new ArgumentException("give at least two --choice options for the --text context");
            examples.Add(new ChoiceExample(contexts[0], choices, 0, "--text", 1));
        }
        if (data is not null)
            examples.AddRange(ChoiceDatasets.Read(data, Read(result, dataOptions, labelled: false), answersRequired: false));
        using var predictor = MultipleChoicePredictor.Load(folder, inference);
        foreach (var (example, prediction) in examples.Zip(predictor.Predict(examples)))
        {
            Console.WriteLine(json
                ? JsonSerializer.Serialize(new { context = example.Context, choice = prediction.Choice, text = example.Choices[prediction.Choice], probability = prediction.Probability, probabilities = prediction.Probabilities })
                : $"{prediction.Choice} ({prediction.Probability:P1}): {example.Choices[prediction.Choice]}  <- {example.Context}");
        }
        return 0;
    }
}

/// <summary>The command a task's options are added to: what it reads besides the data.</summary>
internal enum CommandUse
{
    Training,
    Evaluation,
    Prediction,
}
