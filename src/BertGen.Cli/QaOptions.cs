using System.CommandLine;
using System.Text.Json;
using BertGen.Prediction;
using BertGen.QuestionAnswering;

namespace BertGen.Cli;

/// <summary>
/// What <c>finetune --task Qa</c>, <c>evaluate</c> and <c>predict</c> add for question answering: how contexts are
/// windowed and answers picked, the questions of <c>predict</c>, and how evaluate and predict run a question-answering
/// folder (they dispatch here when its config.json names BertForQuestionAnswering).
/// </summary>
internal sealed class QaOptions
{
    public Option<int?> Stride { get; } = new("--stride")
    {
        Description = "Question answering: tokens that consecutive windows of a long context share (default 128, or half the window when that is shorter)",
    };

    public Option<int> MaxAnswerLength { get; } = new("--max-answer-length") { Description = "Question answering: the longest answer, in tokens", DefaultValueFactory = _ => new AnswerOptions().MaxAnswerLength };

    public Option<int> CandidateCount { get; } = new("--n-best") { Description = "Question answering: the starts and ends paired in each window, and the candidates kept", DefaultValueFactory = _ => new AnswerOptions().CandidateCount };

    public Option<bool?> AllowNoAnswer { get; } = new("--allow-no-answer")
    {
        Description = "Question answering: a question may have no answer (SQuAD v2.0); default: when the data has questions marked is_impossible",
    };

    public Option<double> NoAnswerThreshold { get; } = new("--no-answer-threshold") { Description = "Question answering, with no-answer allowed: how far the no-answer score must beat the best span's", DefaultValueFactory = _ => 0.0 };

    public Option<string[]> Questions { get; } = new("--question") { Description = "Question-answering models: a question about the --context of the same position (repeat for several)", AllowMultipleArgumentsPerToken = true };

    public Option<string[]> Contexts { get; } = new("--context") { Description = "Question-answering models: the text that holds the answer, one per --question (or one for all)", AllowMultipleArgumentsPerToken = true };

    public void AddTo(Command command, CommandUse use)
    {
        command.Options.Add(Stride);
        command.Options.Add(MaxAnswerLength);
        command.Options.Add(CandidateCount);
        command.Options.Add(AllowNoAnswer);
        command.Options.Add(NoAnswerThreshold);
        if (use == CommandUse.Prediction)
        {
            command.Options.Add(Questions);
            command.Options.Add(Contexts);
        }
    }

    /// <summary>How answers are picked; null no-answer setting means "as the data says" (<paramref name="dataHasImpossible"/>).</summary>
    public AnswerOptions ReadAnswers(ParseResult result, bool dataHasImpossible) => new()
    {
        MaxAnswerLength = result.GetValue(MaxAnswerLength),
        CandidateCount = result.GetValue(CandidateCount),
        AllowNoAnswer = result.GetValue(AllowNoAnswer) ?? dataHasImpossible,
        NoAnswerThreshold = result.GetValue(NoAnswerThreshold),
    };

    /// <summary><c>evaluate</c> on a question-answering folder: the official SQuAD exact match and F1 over a SQuAD file.</summary>
    public int Evaluate(ParseResult result, string folder, string data, bool skipBadQuestions, TextClassifierOptions inference, bool json)
    {
        using var answerer = QuestionAnswerer.Load(folder, inference);
        var dataset = SquadDatasets.Read(data, skipBadQuestions);
        var answers = answerer.Answer(dataset.Examples, ReadAnswers(result, dataset.Examples.Any(e => e.IsImpossible)), result.GetValue(Stride));
        var metrics = QuestionAnsweringMetrics.From(answers, double.NaN, answers.Any(a => a.Example.IsImpossible));
        if (json)
        {
            Console.WriteLine(JsonSerializer.Serialize(new { exact_match = metrics.ExactMatch, f1 = metrics.F1, questions = metrics.Questions, has_answer_accuracy = metrics.HasAnswerAccuracy, skipped = dataset.SkippedQuestions },
                new JsonSerializerOptions { WriteIndented = true }));
            return 0;
        }
        Console.WriteLine($"{metrics.Questions} questions{(dataset.SkippedQuestions > 0 ? $" ({dataset.SkippedQuestions} bad skipped)" : "")}: exact match {metrics.ExactMatch:F2}, F1 {metrics.F1:F2}"
            + (metrics.HasAnswerAccuracy is { } accuracy ? $", answer given or withheld rightly {accuracy:P2}" : ""));
        return 0;
    }

    /// <summary><c>predict</c> on a question-answering folder: the answer to each --question about its --context, and to each question of --data.</summary>
    public int Predict(ParseResult result, string folder, string? dataPath, TextClassifierOptions inference, bool json)
    {
        var questions = Given(result);
        if (dataPath is not null)
            questions.AddRange(QuestionFiles.Read(dataPath));
        if (questions.Count == 0)
            throw new ArgumentException("give --question with --context, or --data (JSON Lines of question and context, or SQuAD JSON)");
        using var answerer = QuestionAnswerer.Load(folder, inference);
        foreach (var (example, answer) in answerer.Answer(questions, ReadAnswers(result, false), result.GetValue(Stride)))
        {
            if (json)
            {
                Console.WriteLine(JsonSerializer.Serialize(new { id = example.Id, question = example.Question, answer = answer.Text, score = answer.Score, start = answer.Start, end = answer.End }));
                continue;
            }
            Console.WriteLine(example.Question);
            Console.WriteLine(answer.HasAnswer ? $"  {answer.Text}  ({answer.Score:P1}, [{answer.Start}, {answer.End}))" : $"  (no answer, {answer.Score:P1})");
        }
        return 0;
    }

    // --question and --context pairs in order; one context serves every question.
    private List<SquadExample> Given(ParseResult result)
    {
        var questions = result.GetValue(Questions) ?? [];
        var contexts = result.GetValue(Contexts) ?? [];
        if (questions.Length == 0 && contexts.Length == 0)
            return [];
        if (contexts.Length != questions.Length && contexts.Length != 1)
            throw new ArgumentException($"give one --context for all questions or one per --question ({questions.Length} questions, {contexts.Length} contexts)");
        return questions.Select((q, i) => new SquadExample($"{i + 1}", q, contexts[contexts.Length == 1 ? 0 : i], [], false, 0, $"--question {i + 1}")).ToList();
    }
}
