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
/// off validation (or read it), load a pretrained encoder under a new token-classification head with the data's tags,
/// train, and leave the best model folder (its tags as <c>id2label</c>) with its metrics.
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

    /// <summary>A Hugging Face model folder or model id whose encoder starts the run.</summary>
    public required string Model { get; init; }

    public required string Output { get; init; }

    public TrainingOptions Training { get; init; } = new();

    public TrainingResult<TokenClassificationMetrics> Run(ITrainingProgress progress, Device? device = null, CancellationToken cancellation = default)
    {
        device ??= Runtime.ComputeDevices.Select();
        var folder = Hub.ModelLocation.Resolve(Model);
        progress.Message($"Device: {Runtime.ComputeDevices.Describe(device)}");
        var (train, validation) = ReadData(progress);
        var tags = TagSet.From(train.Concat(validation));
        progress.Message($"Data: {train.Count} training and {validation.Count} validation sentences; {tags.Count} tags ({string.Join(", ", tags.Names)})");
        var tokenizer = BertTokenizer.FromFolder(folder);
        manual_seed(Training.Seed);
        var config = BertConfigJson.Load(Path.Combine(folder, CheckpointFiles.Config));
        using var model = BertForTokenClassification.Create(config with { NumLabels = tags.Count, LabelNames = tags.Names, Architecture = null });
        progress.Message(model.LoadWeights(folder, CheckpointLoadOptions.ForNewLabels(config, BertForTokenClassification.Declaration.Architecture, tags.Count)).ToString());
        var task = new TokenClassificationTask(tokenizer, tags, Training, LabelAllTokens);
        return Trainer.Create(model, task, Training, progress, device).Train(task.Encode(train), task.Encode(validation), Output, cancellation);
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
