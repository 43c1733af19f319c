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

    public TrainingResult<EpochMetrics> Run(ITrainingProgress progress, Device? device = null, CancellationToken cancellation = default)
    {
        device ??= Runtime.ComputeDevices.Select();
        // A model id becomes its snapshot folder once, before the tokenizer and the weights read from it.
        if (Model is not null && Hub.ModelLocation.Resolve(Model) is var folder && folder != Model)
            return (this with { Model = folder }).Run(progress, device, cancellation);
        progress.Message($"Device: {Runtime.ComputeDevices.Describe(device)}");
        var (train, validation) = ReadData(progress);
        var labels = LabelMap.FromData(train);
        progress.Message($"Data: {train.Count} training and {validation.Count} validation examples; labels {string.Join(", ", labels.Names.Select((n, i) => $"{i} = {n}"))}");

        var tokenizer = LoadTokenizer();
        manual_seed(Training.Seed);
        using var model = CreateModel(tokenizer, labels, progress);
        progress.Message($"Model: {model.Config.NumHiddenLayers} layers, hidden {model.Config.HiddenSize}, {model.Config.NumAttentionHeads} heads, {model.parameters().Sum(p => p.numel()):N0} parameters");
        // The folder records the cleaning the data had, so that predict and evaluate apply the same.
        var options = Training with { Preprocessing = DataOptions.Clean ? TextPreprocessing.Cleaning : TextPreprocessing.None };
        var task = new SequenceClassificationTask(tokenizer, labels, options);
        return Trainer.Create(model, task, options, progress, device).Train(task.Encode(train), task.Encode(validation), Output, cancellation);
    }

    private (List<LabeledText> Train, List<LabeledText> Validation) ReadData(ITrainingProgress progress)
    {
        var data = TextDatasets.Read(Data, DataOptions);
        Report(progress, Data, data);
        var examples = Limit is { } limit ? data.Examples.Take(limit).ToList() : data.Examples;
        if (ValidationData is null)
            return DatasetSplits.Split(examples, Split, ValidationFraction, Training.Seed);
        var validation = TextDatasets.Read(ValidationData, DataOptions with { KnownLabels = data.Labels.ToList() });
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

    private BertForSequenceClassification CreateModel(BertTokenizer tokenizer, LabelMap labels, ITrainingProgress progress)
    {
        if (Model is null)
        {
            var fresh = BertSizes.Config(Size, tokenizer.VocabularySize) with { NumLabels = labels.Count, LabelNames = labels.Names, MaxPositionEmbeddings = Math.Max(512, Training.MaxLength) };
            return BertForSequenceClassification.Create(fresh);
        }
        var config = BertConfigJson.Load(Path.Combine(Model, CheckpointFiles.Config));
        if (config.VocabSize < tokenizer.VocabularySize)
            throw new ArgumentException($"{Model}: the model has {config.VocabSize} token embeddings but the vocabulary has {tokenizer.VocabularySize} tokens");
        var model = BertForSequenceClassification.Create(config with { NumLabels = labels.Count, LabelNames = labels.Names, Architecture = null });
        // A classifier with other labels keeps its encoder and gets a new head, as from_pretrained does with
        // ignore_mismatched_sizes; any other size disagreement is still an error.
        bool otherLabels = config.Architecture == "BertForSequenceClassification" && config.NumLabels != labels.Count;
        var report = model.LoadWeights(Model, new CheckpointLoadOptions { IgnoreMismatchedSizes = otherLabels ? ["classifier.weight", "classifier.bias"] : [] });
        progress.Message(report.ToString());
        return model;
    }
}
