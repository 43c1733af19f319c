using BertGen.Checkpoints;
using BertGen.Data;
using BertGen.Modeling;
using BertGen.Models;
using BertGen.Tokenization;
using BertGen.Training;
using static TorchSharp.torch;

namespace BertGen.MultipleChoice;

/// <summary>
/// The multiple-choice job behind <c>bertgen finetune --task MultipleChoice</c>: read contexts with their choices
/// (JSON Lines), split off validation (or read it), load a pretrained encoder under a new multiple-choice head,
/// train, and leave the best model folder with its metrics.
/// </summary>
public sealed record MultipleChoiceJob
{
    public required string Data { get; init; }

    public ChoiceDataOptions DataOptions { get; init; } = new();

    /// <summary>Validation data (with <see cref="ValidationAnswers"/> when its answers are in a file of their own); without it a seeded share of the data.</summary>
    public string? ValidationData { get; init; }

    public string? ValidationAnswers { get; init; }

    public double ValidationFraction { get; init; } = 0.1;

    /// <summary>A Hugging Face model folder or model id whose encoder starts the run.</summary>
    public required string Model { get; init; }

    public required string Output { get; init; }

    public TrainingOptions Training { get; init; } = new();

    public TrainingResult<MultipleChoiceMetrics> Run(ITrainingProgress progress, Device? device = null, CancellationToken cancellation = default)
    {
        device ??= Runtime.ComputeDevices.Select();
        var folder = Hub.ModelLocation.Resolve(Model);
        progress.Message($"Device: {Runtime.ComputeDevices.Describe(device)}");
        var (train, validation) = ReadData();
        progress.Message($"Data: {train.Count} training and {validation.Count} validation examples of {train[0].Choices.Count} choices");
        var tokenizer = BertTokenizer.FromFolder(folder);
        manual_seed(Training.Seed);
        var config = BertConfigJson.Load(Path.Combine(folder, CheckpointFiles.Config));
        tokenizer.CheckFits(config.VocabSize, folder);
        using var model = BertForMultipleChoice.Create(config with { Architecture = null });
        progress.Message(model.LoadWeights(folder).ToString());
        var task = new MultipleChoiceTask(tokenizer, Training);
        return Trainer.Create(model, task, Training, progress, device).Train(task.Encode(train), task.Encode(validation), Output, cancellation);
    }

    private (List<ChoiceExample> Train, List<ChoiceExample> Validation) ReadData()
    {
        var examples = ChoiceDatasets.Read(Data, DataOptions);
        if (ValidationData is not null)
            return (examples, ChoiceDatasets.Read(ValidationData, DataOptions with { LabelsFile = ValidationAnswers }));
        return SeededSplit.Split(examples, ValidationFraction, Training.Seed, Data);
    }
}
