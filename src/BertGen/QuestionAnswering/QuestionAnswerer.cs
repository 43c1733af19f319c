using BertGen.Models;
using BertGen.Prediction;
using BertGen.Tokenization;

namespace BertGen.QuestionAnswering;

/// <summary>
/// Answers questions from their contexts with a saved question-answering folder (BertGen's, or a Hugging Face
/// <c>BertForQuestionAnswering</c> folder with vocab.txt): each context is cut into overlapping windows, every window
/// scored, and the best span across them picked as <see cref="AnswerSearch"/> says, with its probability and its
/// characters in the context. Windows are as long as the options say, else as the folder's <c>tokenizer_config.json</c>
/// records (the length it was trained at), else the model's positions up to 512.
/// </summary>
public sealed class QuestionAnswerer : IDisposable
{
    private readonly TrainedModel<BertForQuestionAnswering> loaded;

    private QuestionAnswerer(TrainedModel<BertForQuestionAnswering> loaded) => this.loaded = loaded;

    public BertTokenizer Tokenizer => loaded.Tokenizer;

    /// <summary>Tokens in a window: the question, the context part and three special tokens.</summary>
    public int MaxLength => loaded.MaxLength;

    /// <summary>Windows per forward pass.</summary>
    public int BatchSize => loaded.BatchSize;

    /// <summary>The stride used when none is given: 128 tokens, as <c>run_qa</c>, or half the window when that is shorter (as the pipeline does).</summary>
    public int DefaultStride => Math.Min(QuestionAnsweringTask.DefaultStride, MaxLength / 2);

    /// <summary>Whether <paramref name="folder"/>'s <c>config.json</c> names a question-answering model.</summary>
    public static bool IsQuestionAnsweringFolder(string folder) => TrainedModel<BertForQuestionAnswering>.IsFolderOf(folder);

    /// <summary>Loads <paramref name="folder"/> (a model folder or Hub id) on the options' device, at their length, batch size and precision.</summary>
    /// <exception cref="InvalidDataException">The folder holds no trained question-answering head.</exception>
    public static QuestionAnswerer Load(string folder, TextClassifierOptions options)
    {
        // The window length the reader was trained at, unless the options say otherwise.
        return new QuestionAnswerer(TrainedModel<BertForQuestionAnswering>.Load(folder, options, "question answerer", 5, "[CLS], a question token, [SEP], a context token, [SEP]", recordedLength: true));
    }

    /// <summary>
    /// The answer to each question from its context, in input order; <paramref name="stride"/> is how many tokens
    /// consecutive windows of a long context share (<see cref="DefaultStride"/> when null).
    /// </summary>
    /// <exception cref="Data.DataException">A question too long to leave its context room in a window (named by its index).</exception>
    public IReadOnlyList<AnswerPrediction> Answer(IReadOnlyList<(string Question, string Context)> questions, AnswerOptions? options = null, int? stride = null) =>
        Answer(questions.Select((q, i) => new SquadExample($"{i}", q.Question, q.Context, [], false, 0, $"question {i}")).ToList(), options, stride)
            .Select(a => a.Answer).ToList();

    public AnswerPrediction Answer(string question, string context, AnswerOptions? options = null, int? stride = null) => Answer([(question, context)], options, stride)[0];

    /// <summary>The answer to each SQuAD question (their gold answers are not looked at), in input order.</summary>
    public List<(SquadExample Example, AnswerPrediction Answer)> Answer(IReadOnlyList<SquadExample> examples, AnswerOptions? options = null, int? stride = null)
    {
        options ??= new AnswerOptions();
        options.Validate();
        var windows = QuestionWindows.Prepare(Tokenizer, examples, MaxLength, stride ?? DefaultStride);
        var (scores, _) = AnswerBatches.Score(loaded.Model, windows, BatchSize, Tokenizer.PaddingTokenId, loaded.Device);
        return AnswerSearch.Answers(windows, scores, options);
    }

    public void Dispose() => loaded.Model.Dispose();
}
