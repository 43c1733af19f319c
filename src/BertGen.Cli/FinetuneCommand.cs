using BertGen.Modeling;
using System.CommandLine;
using BertGen.Data;
using BertGen.Hub;
using BertGen.Tokenization;
using BertGen.Classification;
using BertGen.MultipleChoice;
using BertGen.Training;

namespace BertGen.Cli;

internal static class FinetuneCommand
{
    public static Command Create()
    {
        var defaults = new TrainingOptions();
        var data = new Option<string>("--data") { Description = "Training data: a CSV, TSV or JSON Lines file (plain or .gz) or an aclImdb folder (pos/ and neg/ of .txt reviews)", Required = true };
        var validation = new Option<string?>("--validation") { Description = "Validation data in the same forms; without it the training data is split" };
        var model = new Option<string?>("--model") { Description = "A Hugging Face model folder to start from (config.json, weights, vocab.txt), or a model id on the Hugging Face Hub (org/name, org/name@revision) to download; without it a fresh model of --size is trained from scratch" };
        var vocab = new Option<string?>("--vocab") { Description = "vocab.txt for a fresh model (or to override the model folder's)" };
        var cased = new Option<bool>("--cased") { Description = "The vocabulary is cased: do not lowercase or strip accents" };
        var size = new Option<string>("--size") { Description = "Size of a fresh model: tiny, mini, small, medium, base or large", DefaultValueFactory = _ => "base" };
        var output = new Option<string>("--output") { Description = "Folder for the best model, metrics.json/csv, training.png and checkpoints", Required = true };
        var split = new Option<SplitStrategy>("--split") { Description = "How to split off validation data: Ordered (the tutorial's first 90%), Shuffled or Stratified", DefaultValueFactory = _ => SplitStrategy.Ordered };
        var validationFraction = new Option<double>("--validation-fraction") { Description = "Fraction of the data held out for validation", DefaultValueFactory = _ => 0.1 };
        var limit = new Option<int?>("--limit") { Description = "Use only the first N examples (quick runs)" };
        var padding = new Option<Padding>("--padding") { Description = "Longest: pad each batch to its longest text (dynamic); MaxLength: pad every text to --max-length as the tutorial does", DefaultValueFactory = _ => defaults.Padding };
        var freeze = new Option<bool>("--freeze-encoder") { Description = "Train only the classification head" };
        var task = new Option<FineTuningTask>("--task")
        {
            Description = "What the label column holds: Classification (one class per text or pair), Regression (a number; one output, MSE) or MultiLabel (a delimited list of classes; sigmoids, binary cross-entropy); or MultipleChoice (JSON Lines: --text-column is the context, --choice-columns the choices, --label-column or --answers the right one's index); or Ner (named entities: CoNLL files, word ... tag per line, or JSON Lines of tokens and tags); or Qa (extractive question answering: SQuAD v1.1 or v2.0 JSON; validation holds out whole articles, --validation-fraction of them, default 0.2; --max-length default 384)",
            DefaultValueFactory = _ => FineTuningTask.Classification,
        };
        var labelNames = new Option<string?>("--label-names") { Description = "MultiLabel: a file of class names, one per line in id order (labels may then be names or 0-based ids); default: the classes found in the data" };
        var threshold = new Option<double>("--threshold") { Description = "MultiLabel: the probability at or above which a class counts as predicted in validation", DefaultValueFactory = _ => 0.5 };
        var choiceOptions = new ChoiceOptions();
        var nerOptions = new NerOptions();
        var qaOptions = new QaOptions();
        var training = new TrainingCliOptions(defaults);
        var dataOptions = new DataOptions();

        var command = new Command("finetune", "Fine-tune a BERT sequence classifier (IMDb sentiment by default) and save the best model as a Hugging Face folder.")
        {
            data, validation, model, vocab, cased, size, output, task, labelNames, threshold, split, validationFraction, limit, padding, freeze,
        };
        training.AddTo(command);
        choiceOptions.AddTo(command, CommandUse.Training);
        nerOptions.AddTo(command, CommandUse.Training);
        qaOptions.AddTo(command, CommandUse.Training);
        dataOptions.AddTo(command, "default: on; recorded in the saved folder's bertgen_preprocessing.json for predict and evaluate");
        command.SetAction((result, cancellation) => CommandErrors.Run(() =>
        {
            if (result.GetValue(task) == FineTuningTask.MultipleChoice)
                return Task.FromResult(RunMultipleChoice(result, cancellation));
            if (result.GetValue(task) == FineTuningTask.Ner)
                return Task.FromResult(RunNer(result, cancellation));
            if (result.GetValue(task) == FineTuningTask.Qa)
                return Task.FromResult(RunQa(result, cancellation));
            var job = new FineTuningJob
            {
                Data = result.GetValue(data)!,
                ValidationData = result.GetValue(validation),
                // Downloaded before the training progress display starts, so that the two do not share the terminal.
                Model = result.GetValue(model) is { } modelName ? ModelLocation.Resolve(modelName) : null,
                Vocabulary = result.GetValue(vocab),
                LowerCase = !result.GetValue(cased),
                Size = result.GetValue(size)!,
                Output = result.GetValue(output)!,
                DataOptions = dataOptions.Read(result, cleanWhileReading: dataOptions.CleanChoice(result) ?? true),
                Split = result.GetValue(split),
                ValidationFraction = result.GetValue(validationFraction),
                Limit = result.GetValue(limit),
                Task = result.GetValue(task),
                LabelSeparator = dataOptions.Separator(result),
                LabelNamesFile = result.GetValue(labelNames),
                Threshold = result.GetValue(threshold),
                Training = training.Read(result, defaults with { Padding = result.GetValue(padding), FreezeEncoder = result.GetValue(freeze) }),
            };
            return Task.FromResult(Train(result, (progress, device) => job.Run(progress, device, cancellation)));
        }));
        int RunMultipleChoice(ParseResult result, CancellationToken cancellation)
        {
            var job = new MultipleChoiceJob
            {
                Data = result.GetValue(data)!,
                DataOptions = choiceOptions.Read(result, dataOptions, labelled: true),
                ValidationData = result.GetValue(validation),
                ValidationAnswers = result.GetValue(choiceOptions.ValidationAnswers),
                ValidationFraction = result.GetValue(validationFraction),
                Model = PretrainedModel(result, "multiple choice"),
                Output = result.GetValue(output)!,
                Training = training.Read(result, defaults with { FreezeEncoder = result.GetValue(freeze) }),
            };
            return Train(result, (progress, device) => job.Run(progress, device, cancellation));
        }

        int RunNer(ParseResult result, CancellationToken cancellation)
        {
            var job = new TokenClassification.TokenClassificationJob
            {
                Data = result.GetValue(data)!,
                DataOptions = nerOptions.Read(result, dataOptions),
                ValidationData = result.GetValue(validation),
                ValidationFraction = result.GetValue(validationFraction),
                Limit = result.GetValue(limit),
                LabelAllTokens = result.GetValue(nerOptions.LabelAllTokens),
                // Without --model, a fresh model of --size over --vocab, trained from scratch.
                Model = result.GetValue(model) is { } name ? ModelLocation.Resolve(name) : null,
                Vocabulary = result.GetValue(vocab),
                LowerCase = !result.GetValue(cased),
                Size = result.GetValue(size)!,
                Output = result.GetValue(output)!,
                Training = training.Read(result, defaults with { FreezeEncoder = result.GetValue(freeze) }),
            };
            return Train(result, (progress, device) => job.Run(progress, device, cancellation));
        }

        int RunQa(ParseResult result, CancellationToken cancellation)
        {
            bool? allowNoAnswer = result.GetValue(qaOptions.AllowNoAnswer);
            var job = new QuestionAnswering.QuestionAnsweringJob
            {
                Data = result.GetValue(data)!,
                ValidationData = result.GetValue(validation),
                // Whole articles are held out; a fifth of them unless asked otherwise.
                ValidationFraction = result.GetResult(validationFraction) is { Implicit: false } ? result.GetValue(validationFraction) : 0.2,
                Limit = result.GetValue(limit),
                SkipBadQuestions = result.GetValue(dataOptions.SkipBadRows),
                Stride = result.GetValue(qaOptions.Stride) ?? QuestionAnswering.QuestionAnsweringTask.DefaultStride,
                // Without --allow-no-answer the job decides from the data (SQuAD v2.0's impossible questions).
                Answers = allowNoAnswer is null ? null : qaOptions.ReadAnswers(result, allowNoAnswer.Value),
                Model = PretrainedModel(result, "question answering"),
                Output = result.GetValue(output)!,
                Training = training.Read(result, defaults with { MaxLength = 384, FreezeEncoder = result.GetValue(freeze) }),
            };
            return Train(result, (progress, device) => job.Run(progress, device, cancellation));
        }

        // The tasks with heads of their own start from pretrained weights, downloaded before progress takes the terminal.
        string PretrainedModel(ParseResult result, string task) =>
            result.GetValue(model) is { } name ? ModelLocation.Resolve(name) : throw new ArgumentException($"{task} starts from a pretrained model: give --model");

        // Every task trains under the console's progress display and ends with its best epoch's scores.
        int Train<TMetrics>(ParseResult result, Func<ITrainingProgress, TorchSharp.torch.Device, TrainingResult<TMetrics>> run) where TMetrics : IEpochSummary
        {
            var device = training.ReadDevice(result);
            var outcome = ConsoleProgress.Run(progress => run(progress, device));
            return PrintBest(outcome.Best, outcome.OutputFolder);
        }

        return command;
    }

    /// <summary>The best epoch's validation scores and where the run's files are.</summary>
    private static int PrintBest(IEpochSummary best, string output)
    {
        var scores = best.Figures().Where(f => f.Name.StartsWith("val_", StringComparison.Ordinal) || f.Plot == PlotAxis.Accuracy || f.Name is "macro_f1" or "f1")
            .Select(f => $"{f.Name} {f.Value.ToString(f.Format, System.Globalization.CultureInfo.InvariantCulture)}").Distinct();
        Console.WriteLine($"Best epoch {best.Epoch}: {string.Join(", ", scores)}. Model, metrics and plot in {Path.GetFullPath(output)}");
        return 0;
    }

}
