using BertGen.Checkpoints;
using BertGen.Modeling;
using BertGen.Models;
using BertGen.Tokenization;
using BertGen.Training;
using static TorchSharp.torch;

namespace BertGen.QuestionAnswering;

/// <summary>
/// The question-answering job behind <c>bertgen finetune --task Qa</c>: read SQuAD questions, hold out whole articles
/// for validation (or read a validation file), load a pretrained encoder under a new question-answering head, train
/// on windows of the contexts, and leave the best model folder with its metrics (exact match and F1 as SQuAD scores them).
/// </summary>
public sealed record QuestionAnsweringJob
{
    /// <summary>SQuAD v1.1 or v2.0 JSON, plain or .gz.</summary>
    public required string Data { get; init; }

    /// <summary>Validation questions in the same form; without it a seeded share of the data's articles.</summary>
    public string? ValidationData { get; init; }

    /// <summary>The share of articles held out when there is no validation file (never a question of one article on both sides).</summary>
    public double ValidationFraction { get; init; } = 0.2;

    /// <summary>Use only the first N training questions, for quick runs.</summary>
    public int? Limit { get; init; }

    /// <summary>Use only the first N validation questions, for quick runs.</summary>
    public int? ValidationLimit { get; init; }

    /// <summary>Skip (and count) questions whose answers do not match their contexts, or that are too long, instead of failing.</summary>
    public bool SkipBadQuestions { get; init; }

    /// <summary>Tokens that consecutive windows of a context share.</summary>
    public int Stride { get; init; } = QuestionAnsweringTask.DefaultStride;

    /// <summary>How validation picks answers; by default run_qa's, with no-answer allowed when the data has impossible questions (v2.0).</summary>
    public AnswerOptions? Answers { get; init; }

    /// <summary>A Hugging Face model folder or model id whose encoder starts the run.</summary>
    public required string Model { get; init; }

    public required string Output { get; init; }

    /// <summary>run_qa's length, 384 tokens, unless set.</summary>
    public TrainingOptions Training { get; init; } = new() { MaxLength = 384 };

    public TrainingResult<QuestionAnsweringMetrics> Run(ITrainingProgress progress, Device? device = null, CancellationToken cancellation = default)
    {
        device ??= Runtime.ComputeDevices.Select();
        var folder = Hub.ModelLocation.Resolve(Model);
        progress.Message($"Device: {Runtime.ComputeDevices.Describe(device)}");
        var (train, validation) = ReadData(progress);
        var answers = Answers ?? new AnswerOptions { AllowNoAnswer = train.Concat(validation).Any(e => e.IsImpossible) };
        var tokenizer = BertTokenizer.FromFolder(folder);
        var task = new QuestionAnsweringTask(tokenizer, Training, Stride, answers);
        var (trainWindows, validationWindows) = (Encode(task, train, "training", progress), Encode(task, validation, "validation", progress));
        progress.Message($"Data: {train.Count} training questions in {trainWindows.Count} windows, {validation.Count} validation questions in {validationWindows.Count} windows"
            + $" (length {Training.MaxLength}, stride {Stride}{(answers.AllowNoAnswer ? "; SQuAD v2.0: no-answer allowed" : "")})");
        manual_seed(Training.Seed);
        var config = BertConfigJson.Load(Path.Combine(folder, CheckpointFiles.Config));
        tokenizer.CheckFits(config.VocabSize, folder);
        using var model = BertForQuestionAnswering.Create(config with { Architecture = null });
        progress.Message(model.LoadWeights(folder).ToString());
        return Trainer.Create(model, task, Training, progress, device).Train(trainWindows, validationWindows, Output, cancellation);
    }

    private List<QuestionWindow> Encode(QuestionAnsweringTask task, List<SquadExample> examples, string part, ITrainingProgress progress)
    {
        if (examples.Count == 0)
            throw new ArgumentException($"there are no {part} questions");
        var skipped = SkipBadQuestions ? new List<string>() : null;
        var windows = task.Encode(examples, skipped);
        if (skipped is { Count: > 0 })
            progress.Message($"Skipped {skipped.Count} {part} questions too long for the windows; the first: {skipped[0]}");
        return windows;
    }

    private (List<SquadExample> Train, List<SquadExample> Validation) ReadData(ITrainingProgress progress)
    {
        var data = Read(Data, progress);
        List<SquadExample> train, validation;
        if (ValidationData is not null)
            (train, validation) = (data.ToList(), Read(ValidationData, progress).ToList());
        else
            (train, validation) = SquadDatasets.SplitByArticle(data, ValidationFraction, Training.Seed);
        return (Limit is { } limit ? train.Take(limit).ToList() : train, ValidationLimit is { } validationLimit ? validation.Take(validationLimit).ToList() : validation);
    }

    private IReadOnlyList<SquadExample> Read(string path, ITrainingProgress progress)
    {
        var dataset = SquadDatasets.Read(path, SkipBadQuestions);
        if (dataset.SkippedQuestions > 0)
            progress.Message($"{path}: skipped {dataset.SkippedQuestions} bad questions; the first: {dataset.SkippedReasons[0]}");
        return dataset.Examples;
    }
}
