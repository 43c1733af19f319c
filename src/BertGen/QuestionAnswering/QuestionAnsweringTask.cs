using BertGen.Checkpoints;
using BertGen.Modeling;
using BertGen.Tokenization;
using BertGen.Training;

namespace BertGen.QuestionAnswering;

/// <summary>
/// Extractive question answering (Hugging Face's <c>BertForQuestionAnswering</c> with <c>run_qa</c>'s features): each
/// window of a context trains the start and end of the answer it holds, or [CLS] when it holds none; on held-out
/// questions, the span loss and the official SQuAD exact match and F1 of the answers picked across each question's
/// windows (<see cref="AnswerSearch"/>).
/// </summary>
public sealed class QuestionAnsweringTask(BertTokenizer tokenizer, TrainingOptions options, int stride = QuestionAnsweringTask.DefaultStride, AnswerOptions? answers = null)
    : ITrainingTask<IQuestionAnsweringModel, QuestionWindow, QuestionAnsweringMetrics>
{
    /// <summary>Tokens that consecutive windows of a context share (<c>run_qa</c>'s <c>doc_stride</c>).</summary>
    public const int DefaultStride = 128;

    public string Title => "BertGen question answering";

    public IReadOnlyList<string> SelectableMetrics { get; } = ["f1", "exact_match", "val_loss"];

    public ModelFolderOptions FolderOptions { get; } = new() { VocabularyPath = tokenizer.VocabularyPath, LowerCase = tokenizer.LowerCase, MaxLength = options.MaxLength };

    /// <summary>How answers are picked in evaluation.</summary>
    public AnswerOptions Answers { get; } = answers ?? new AnswerOptions();

    public int Stride => stride;

    public void CheckModel(IQuestionAnsweringModel model)
    {
        if (options.MaxLength > model.Config.MaxPositionEmbeddings)
            throw new ArgumentException($"the maximum length {options.MaxLength} exceeds the model's {model.Config.MaxPositionEmbeddings} positions");
    }

    /// <summary>
    /// The windows of every question, their answers marked (<see cref="QuestionWindows.Prepare(BertTokenizer, IReadOnlyList{SquadExample}, int, int, List{string})"/>);
    /// with <paramref name="skipped"/>, questions too long for the windows are left out and listed there instead of thrown.
    /// </summary>
    public List<QuestionWindow> Encode(IReadOnlyList<SquadExample> examples, List<string>? skipped = null) => QuestionWindows.Prepare(tokenizer, examples, options.MaxLength, stride, skipped);

    public int Length(QuestionWindow example) => example.Length;

    public BatchLoss Loss(IQuestionAnsweringModel model, IReadOnlyList<QuestionWindow> examples, BatchContext context)
    {
        var (inputs, starts, ends, real) = AnswerBatches.Collate(examples, tokenizer.PaddingTokenId, context.Device, context.Options.MaxLength, context.Options.PadToMultipleOf);
        return new BatchLoss(model.Forward(inputs, starts, ends).Loss!, examples.Count, inputs.InputIds.numel(), real);
    }

    /// <summary>Scores the questions whose windows are <paramref name="examples"/> (each question's windows consecutive, as <see cref="Encode"/> gives them).</summary>
    public QuestionAnsweringMetrics Evaluate(IQuestionAnsweringModel model, IReadOnlyList<QuestionWindow> examples, EpochTraining training, BatchContext context)
    {
        var (scores, loss) = AnswerBatches.Score(model, examples, context.Options.BatchSize, tokenizer.PaddingTokenId, context.Device, withLoss: true, context.Options.PadToMultipleOf,
            (done, total) =>
            {
                if (done == 0)
                    context.Progress.EvaluationStarted(context.Epoch, total);
                else
                    context.Progress.EvaluationBatchDone(context.Epoch, done);
            });
        return QuestionAnsweringMetrics.From(AnswerSearch.Answers(examples, scores, Answers), loss, Answers.AllowNoAnswer).WithTraining(training);
    }
}
