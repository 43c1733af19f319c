using BertGen.Checkpoints;
using BertGen.Data;
using BertGen.Modeling;
using BertGen.Models;
using BertGen.Tokenization;
using BertGen.Training;
using static TorchSharp.torch;

namespace BertGen.Classification;

/// <summary>
/// The whole fine-tuning job behind <c>bertgen finetune</c>: read and split the data, load the tokenizer and
/// the model (a Hugging Face folder to start from, or a fresh model of a named size), train, and leave the
/// best model with its metrics in the output folder.
/// </summary>
public sealed record FineTuningJob
{
    /// <summary>A CSV file (plain or .gz) or an aclImdb folder.</summary>
    public required string Data { get; init; }

    /// <summary>Validation data; without it the training data is split.</summary>
    public string? ValidationData { get; init; }

    /// <summary>A Hugging Face model folder or model id to start from (encoder reused, a new head when it has none).</summary>
    public string? Model { get; init; }

    /// <summary>The vocab.txt of a fresh model (and of a model folder that has none).</summary>
    public string? Vocabulary { get; init; }

    /// <summary>Whether a vocabulary given with <see cref="Vocabulary"/> is uncased.</summary>
    public bool LowerCase { get; init; } = true;

    /// <summary>The size of a fresh model (see <see cref="BertSizes"/>).</summary>
    public string Size { get; init; } = "base";

    public required string Output { get; init; }

    public TextDataOptions DataOptions { get; init; } = TextDataOptions.Default;

    public SplitStrategy Split { get; init; } = SplitStrategy.Ordered;

    public double ValidationFraction { get; init; } = 0.1;

    /// <summary>Use only the first N examples of the (training) data, for quick runs; a validation file is used whole.</summary>
    public int? Limit { get; init; }

    public TrainingOptions Training { get; init; } = new();

    /// <summary>What the labels are: one class per text (the default), a number, or a delimited list of classes.</summary>
    public FineTuningTask Task { get; init; } = FineTuningTask.Classification;

    /// <summary>Multi-label: the character between the classes of one text.</summary>
    public char LabelSeparator { get; init; } = ',';

    /// <summary>Multi-label: a file of class names, one per line, in id order (GoEmotions' emotions.txt); else the classes found in the data.</summary>
    public string? LabelNamesFile { get; init; }

    /// <summary>Multi-label: the probability at or above which a class is predicted.</summary>
    public double Threshold { get; init; } = 0.5;

    /// <summary>Runs the job; the history holds the task's metrics (<see cref="EpochMetrics"/>, <see cref="RegressionMetrics"/> or <see cref="MultiLabelMetrics"/>).</summary>
    public TrainingResult<IEpochSummary> Run(ITrainingProgress progress, Device? device = null, CancellationToken cancellation = default)
    {
        device ??= Runtime.ComputeDevices.Select();
        // A model id becomes its snapshot folder once, before the tokenizer and the weights read from it.
        if (Model is not null && Hub.ModelLocation.Resolve(Model) is var folder && folder != Model)
            return (this with { Model = folder }).Run(progress, device, cancellation);
        progress.Message($"Device: {Runtime.ComputeDevices.Describe(device)}");
        var (train, validation) = ReadData(progress);
        var tokenizer = LoadTokenizer();
        // The folder records the cleaning the data had, so that predict and evaluate apply the same.
        var options = Training with { Preprocessing = DataOptions.Clean ? TextPreprocessing.Cleaning : TextPreprocessing.None };
        string pairs = train[0].Pair is null ? "" : " (text pairs)";
        switch (Task)
        {
            case FineTuningTask.MultipleChoice:
                throw new ArgumentException("multiple choice reads contexts and choices, not labelled texts: run it with MultipleChoiceJob");
            case FineTuningTask.Ner:
                throw new ArgumentException("named entities read tagged words, not labelled texts: run them with TokenClassificationJob");
            case FineTuningTask.Regression:
            {
                progress.Message($"Data: {train.Count} training and {validation.Count} validation examples{pairs}; regression of the label's number");
                using var model = CreateModel(tokenizer, new LabelMap(["score"]), ProblemType.Regression, progress, out bool freshHead);
                var task = new RegressionTask(tokenizer, options);
                var encoded = task.Encode(train);
                if (freshHead)
                    RegressionTask.StartAtMean(model, encoded);
                return General(Trainer.Create(model, task, options, progress, device).Train(encoded, task.Encode(validation), Output, cancellation));
            }
            case FineTuningTask.MultiLabel:
            {
                var labels = MultiLabelClasses(train);
                progress.Message($"Data: {train.Count} training and {validation.Count} validation examples{pairs}; {labels.Count} classes: {string.Join(", ", labels.Names)}");
                using var model = CreateModel(tokenizer, labels, ProblemType.MultiLabelClassification, progress, out bool freshHead);
                var task = new MultiLabelClassificationTask(tokenizer, labels, options, LabelSeparator, Threshold);
                var encoded = task.Encode(train);
                if (freshHead)
                    MultiLabelClassificationTask.StartAtPriors(model, encoded);
                return General(Trainer.Create(model, task, options, progress, device).Train(encoded, task.Encode(validation), Output, cancellation));
            }
            default:
            {
                var labels = LabelMap.FromData(train);
                progress.Message($"Data: {train.Count} training and {validation.Count} validation examples{pairs}; labels {string.Join(", ", labels.Names.Select((n, i) => $"{i} = {n}"))}");
                using var model = CreateModel(tokenizer, labels, null, progress, out _);
                var task = new SequenceClassificationTask(tokenizer, labels, options);
                return General(Trainer.Create(model, task, options, progress, device).Train(task.Encode(train), task.Encode(validation), Output, cancellation));
            }
        }
    }

    private static TrainingResult<IEpochSummary> General<TMetrics>(TrainingResult<TMetrics> result) where TMetrics : IEpochSummary =>
        new(result.History.Cast<IEpochSummary>().ToList(), result.BestEpoch, result.OutputFolder, result.StoppedEarly);

    /// <summary>The classes of a multi-label task: the names file's lines, or every class the data lists (numerically sorted when all are ids).</summary>
    private LabelMap MultiLabelClasses(IReadOnlyList<LabeledText> train)
    {
        if (LabelNamesFile is not null)
        {
            var names = File.ReadAllLines(LabelNamesFile).Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
            return names.Count > 0 ? new LabelMap(names) : throw new DataException($"{LabelNamesFile}: lists no class names");
        }
        var found = train.SelectMany(e => MultiLabels.Split(e.Label, LabelSeparator)).Distinct().ToList();
        bool numeric = found.All(f => int.TryParse(f, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out _));
        return new LabelMap(numeric ? found.OrderBy(f => int.Parse(f, System.Globalization.CultureInfo.InvariantCulture)).ToList() : found.Order(StringComparer.Ordinal).ToList());
    }

    private (List<LabeledText> Train, List<LabeledText> Validation) ReadData(ITrainingProgress progress)
    {
        var data = TextDatasets.Read(Data, DataOptions);
        Report(progress, Data, data);
        var examples = Limit is { } limit ? data.Examples.Take(limit).ToList() : data.Examples;
        if (ValidationData is null)
            return DatasetSplits.Split(examples, Split, ValidationFraction, Training.Seed);
        var validation = TextDatasets.Read(ValidationData, Task == FineTuningTask.Classification ? DataOptions with { KnownLabels = data.Labels.ToList() } : DataOptions);
        Report(progress, ValidationData, validation);
        return (examples.ToList(), validation.Examples.ToList());
    }

    private static void Report(ITrainingProgress progress, string path, TextDataset data)
    {
        progress.Message($"{path}: {data.Examples.Count} examples" + (data.SkippedRows > 0 ? $", {data.SkippedRows} bad rows skipped" : ""));
        foreach (var reason in data.SkippedReasons.Take(5))
            progress.Message($"  skipped {reason}");
    }

    private BertTokenizer LoadTokenizer()
    {
        if (Vocabulary is not null)
            return BertTokenizer.FromVocabulary(Vocabulary, LowerCase);
        if (Model is not null)
            return BertTokenizer.FromFolder(Model);
        throw new ArgumentException("a fresh model needs a vocabulary: give --vocab (a vocab.txt) or --model (a folder with one)");
    }

    /// <summary>The model to train; <paramref name="freshHead"/> says whether its classifier is newly initialised.</summary>
    private BertForSequenceClassification CreateModel(BertTokenizer tokenizer, LabelMap labels, ProblemType? problemType, ITrainingProgress progress, out bool freshHead)
    {
        manual_seed(Training.Seed);
        var model = Build(tokenizer, labels, problemType, progress, out freshHead);
        progress.Message($"Model: {model.Config.NumHiddenLayers} layers, hidden {model.Config.HiddenSize}, {model.Config.NumAttentionHeads} heads, {model.parameters().Sum(p => p.numel()):N0} parameters");
        return model;
    }

    private BertForSequenceClassification Build(BertTokenizer tokenizer, LabelMap labels, ProblemType? problemType, ITrainingProgress progress, out bool freshHead)
    {
        freshHead = true;
        if (Model is null)
        {
            var fresh = BertSizes.Config(Size, tokenizer.VocabularySize) with { NumLabels = labels.Count, LabelNames = labels.Names, ProblemType = problemType, MaxPositionEmbeddings = Math.Max(512, Training.MaxLength) };
            return BertForSequenceClassification.Create(fresh);
        }
        var config = BertConfigJson.Load(Path.Combine(Model, CheckpointFiles.Config));
        tokenizer.CheckFits(config.VocabSize, Model);
        var model = BertForSequenceClassification.Create(config with { NumLabels = labels.Count, LabelNames = labels.Names, ProblemType = problemType, Architecture = null });
        var report = model.LoadWeights(Model, CheckpointLoadOptions.ForNewLabels(config, BertForSequenceClassification.Declaration.Architecture, labels.Count));
        progress.Message(report.ToString());
        freshHead = report.Missing.Contains("classifier.bias");
        return model;
    }
}

/// <summary>
/// What a fine-tuning run learns: for a sequence-classification head, what the label column holds (Hugging Face's
/// <c>problem_type</c>); or multiple choice or named entities, heads of their own (<see cref="MultipleChoice.MultipleChoiceJob"/>,
/// <see cref="TokenClassification.TokenClassificationJob"/>).
/// </summary>
public enum FineTuningTask
{
    /// <summary>One class per text or text pair (softmax, cross-entropy).</summary>
    Classification,

    /// <summary>A number per text (one output, mean squared error).</summary>
    Regression,

    /// <summary>Any number of classes per text, listed in the label column (sigmoids, binary cross-entropy).</summary>
    MultiLabel,

    /// <summary>The right one of several choices for a context (a multiple-choice head; cross-entropy over the choices).</summary>
    MultipleChoice,

    /// <summary>A tag per word, named entities (a token-classification head; <see cref="TokenClassification.TokenClassificationJob"/>).</summary>
    Ner,

    /// <summary>The answer's span in a context, extractive question answering (a question-answering head; <see cref="QuestionAnswering.QuestionAnsweringJob"/>).</summary>
    Qa,
}
