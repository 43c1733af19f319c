using BertGen.Checkpoints;
using BertGen.Data;
using BertGen.Modeling;
using BertGen.Models;
using BertGen.Tokenization;
using BertGen.Training;
using static TorchSharp.torch;

namespace BertGen.TokenClassification;

/// <summary>
/// The named-entity job behind <c>bertgen finetune --task Ner</c>: read tagged sentences (CoNLL or JSON Lines), split
/// off validation (or read it), load a pretrained encoder under a new token-classification head with the data's tags
/// (or build a fresh model of a named size), train, and leave the best model folder (its tags as <c>id2label</c>) with its metrics.
/// </summary>
public sealed record TokenClassificationJob
{
    public required string Data { get; init; }

    public TaggedDataOptions DataOptions { get; init; } = new();

    /// <summary>Validation data; without it a seeded share of the data.</summary>
    public string? ValidationData { get; init; }

    public double ValidationFraction { get; init; } = 0.1;

    /// <summary>Use only the first N sentences of the training data, for quick runs; a validation file is used whole.</summary>
    public int? Limit { get; init; }

    /// <summary>Give every word piece its word's tag (a B- word's later pieces I-), not only the first.</summary>
    public bool LabelAllTokens { get; init; }

    /// <summary>A Hugging Face model folder or model id whose encoder starts the run; when null, a fresh model of <see cref="Size"/> over <see cref="Vocabulary"/>.</summary>
    public string? Model { get; init; }

    /// <summary>The vocab.txt of a fresh model.</summary>
    public string? Vocabulary { get; init; }

    /// <summary>Whether a vocabulary given with <see cref="Vocabulary"/> is uncased.</summary>
    public bool LowerCase { get; init; } = true;

    /// <summary>The size of a fresh model (see <see cref="BertSizes"/>).</summary>
    public string Size { get; init; } = "base";

    public required string Output { get; init; }

    public TrainingOptions Training { get; init; } = new();

    public TrainingResult<TokenClassificationMetrics> Run(ITrainingProgress progress, Device? device = null, CancellationToken cancellation = default)
    {
        device ??= Runtime.ComputeDevices.Select();
        var folder = Model is null ? null : Hub.ModelLocation.Resolve(Model);
        progress.Message($"Device: {Runtime.ComputeDevices.Describe(device)}");
        var (train, validation) = ReadData(progress);
        var tags = TagSet.From(train.Concat(validation));
        progress.Message($"Data: {train.Count} training and {validation.Count} validation sentences; {tags.Count} tags ({string.Join(", ", tags.Names)})");
        var tokenizer = folder is not null ? BertTokenizer.FromFolder(folder)
            : BertTokenizer.FromVocabulary(Vocabulary ?? throw new ArgumentException("a fresh model needs a vocabulary: give --vocab (a vocab.txt) or --model (a pretrained folder)"), LowerCase);
        manual_seed(Training.Seed);
        using var model = CreateModel(folder, tokenizer, tags, progress);
        var task = new TokenClassificationTask(tokenizer, tags, Training, LabelAllTokens);
        return Trainer.Create(model, task, Training, progress, device).Train(task.Encode(train), task.Encode(validation), Output, cancellation);
    }

    private BertForTokenClassification CreateModel(string? folder, BertTokenizer tokenizer, TagSet tags, ITrainingProgress progress)
    {
        if (folder is null)
        {
            var fresh = BertForTokenClassification.Create(BertSizes.Config(Size, tokenizer.VocabularySize) with { NumLabels = tags.Count, LabelNames = tags.Names, MaxPositionEmbeddings = Math.Max(512, Training.MaxLength) });
            progress.Message($"Model: a fresh {Size} model, {fresh.Config.NumHiddenLayers} layers, hidden {fresh.Config.HiddenSize}, {fresh.parameters().Sum(p => p.numel()):N0} parameters");
            return fresh;
        }
        var config = BertConfigJson.Load(Path.Combine(folder, CheckpointFiles.Config));
        tokenizer.CheckFits(config.VocabSize, folder);
        var model = BertForTokenClassification.Create(config with { NumLabels = tags.Count, LabelNames = tags.Names, Architecture = null });
        progress.Message(model.LoadWeights(folder, CheckpointLoadOptions.ForNewLabels(config, BertForTokenClassification.Declaration.Architecture, tags.Count)).ToString());
        return model;
    }

    private (List<TaggedSentence> Train, List<TaggedSentence> Validation) ReadData(ITrainingProgress progress)
    {
        var data = Read(Data, progress);
        var sentences = Limit is { } limit ? data.Take(limit).ToList() : data.ToList();
        if (ValidationData is not null)
            return (sentences, Read(ValidationData, progress).ToList());
        return SeededSplit.Split(sentences, ValidationFraction, Training.Seed, Data);
    }

    private IReadOnlyList<TaggedSentence> Read(string path, ITrainingProgress progress)
    {
        var dataset = TaggedDatasets.Read(path, DataOptions);
        if (dataset.SkippedRows > 0)
            progress.Message($"{path}: skipped {dataset.SkippedRows} bad sentences; the first: {dataset.SkippedReasons[0]}");
        return dataset.Sentences;
    }
}
