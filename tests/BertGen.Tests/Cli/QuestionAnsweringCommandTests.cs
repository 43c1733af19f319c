using System.Text.Json;
using BertGen.Checkpoints;
using BertGen.Modeling;
using BertGen.Models;
using BertGen.Prediction;
using BertGen.QuestionAnswering;
using BertGen.Tests.Infrastructure;
using BertGen.Tokenization;
using static TorchSharp.torch;

namespace BertGen.Tests.Cli;

/// <summary>
/// predict and evaluate on a question-answering folder: the answers the library gives, from --question/--context,
/// JSON Lines and SQuAD files, over contexts longer than one window; bad input named by file and line.
/// </summary>
[Collection(TorchRandomnessCollection.Name)]
public sealed class QuestionAnsweringCommandTests : IDisposable
{
    private const string Context = "Super Bowl 50 was an American football game to determine the champion of the National Football League for the 2015 season. "
        + "The American Football Conference champion Denver Broncos defeated the National Football Conference champion Carolina Panthers 24 to 10 "
        + "to earn their third Super Bowl title. The game was played on February 7, 2016, at Levi's Stadium in the San Francisco Bay Area at Santa Clara, California.";

    private static readonly string[] s_questions = ["Which team won Super Bowl 50?", "Where was the game played?"];

    private readonly string folder = Directory.CreateTempSubdirectory("bertgen-cli-qa-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    // An untrained question answerer whose windows (32 tokens) cut the context into several.
    private string Answerer()
    {
        var vocabulary = Path.Combine(folder, "vocab.txt");
        WordVocabulary.Write(vocabulary, [Context, .. s_questions]);
        manual_seed(5);
        using var model = BertForQuestionAnswering.Create(new BertConfig
        {
            NumHiddenLayers = 1, NumAttentionHeads = 2, HiddenSize = 16, IntermediateSize = 32, MaxPositionEmbeddings = 64,
            VocabSize = BertTokenizer.FromVocabulary(vocabulary).VocabularySize, InitializerRange = 0.5,
        });
        var saved = Path.Combine(folder, "qa");
        model.SavePretrained(saved, new ModelFolderOptions { VocabularyPath = vocabulary, MaxLength = 32 });
        return saved;
    }

    [Fact]
    public void Predict_gives_the_libraries_answers_from_arguments_and_files()
    {
        var model = Answerer();
        var jsonl = Path.Combine(folder, "questions.jsonl");
        File.WriteAllLines(jsonl, s_questions.Select((q, i) => JsonSerializer.Serialize(new { id = $"q{i}", question = q, context = Context })));
        using var answerer = QuestionAnswerer.Load(model, new TextClassifierOptions { Device = CPU });
        var expected = answerer.Answer(s_questions.Select(q => (q, Context)).ToList(), stride: 8);

        var given = BertgenCli.Run(["predict", "--model", model, "--json", "--stride", "8", "--context", Context, .. s_questions.SelectMany(q => new[] { "--question", q })]);
        var fromFile = BertgenCli.Run("predict", "--model", model, "--json", "--stride", "8", "--data", jsonl);

        Assert.Equal(32, answerer.MaxLength);
        Assert.True(Tokenizer(model).EncodeWindows(s_questions[0], Context, 32, 8).Count > 3, "the context spans several windows");
        foreach (var run in new[] { given, fromFile })
        {
            Assert.True(run.ExitCode == 0, run.Output);
            var lines = run.Output.Trim().Split('\n');
            Assert.Equal(2, lines.Length);
            foreach (var (line, answer) in lines.Zip(expected))
            {
                using var json = JsonDocument.Parse(line);
                var root = json.RootElement;
                Assert.Equal((answer.Text, answer.Start, answer.End), (root.GetProperty("answer").GetString(), root.GetProperty("start").GetInt32(), root.GetProperty("end").GetInt32()));
                Assert.Equal(Context[answer.Start..answer.End], answer.Text);
                Assert.Equal(answer.Score, root.GetProperty("score").GetDouble(), 9);
            }
        }
        Assert.Contains("\"id\":\"q1\"", fromFile.Output);
    }

    [Fact]
    public void Evaluate_scores_a_SQuAD_file_and_bad_questions_are_named()
    {
        var model = Answerer();
        var squad = Path.Combine(folder, "squad.json");
        File.WriteAllText(squad, JsonSerializer.Serialize(new
        {
            data = new[]
            {
                new
                {
                    title = "Super_Bowl_50",
                    paragraphs = new[]
                    {
                        new
                        {
                            context = Context,
                            qas = new[]
                            {
                                new { id = "1", question = s_questions[0], answers = new[] { new { text = "Denver Broncos", answer_start = Context.IndexOf("Denver Broncos", StringComparison.Ordinal) } } },
                                new { id = "2", question = s_questions[1], answers = new[] { new { text = "Levi's Stadium", answer_start = Context.IndexOf("Levi's Stadium", StringComparison.Ordinal) } } },
                            },
                        },
                    },
                },
            },
        }));
        var badLines = Path.Combine(folder, "bad.jsonl");
        File.WriteAllText(badLines, JsonSerializer.Serialize(new { question = s_questions[0], context = Context }) + "\n" + JsonSerializer.Serialize(new { question = s_questions[1] }) + "\n");

        var evaluate = BertgenCli.Run("evaluate", "--model", model, "--data", squad, "--stride", "8", "--json");
        var missingContext = BertgenCli.Run("predict", "--model", model, "--data", badLines);
        var longQuestion = BertgenCli.Run("predict", "--model", model, "--context", Context, "--question", string.Join(' ', Enumerable.Repeat("which team won", 12)));
        var noQuestion = BertgenCli.Run("predict", "--model", model, "--context", Context);

        Assert.True(evaluate.ExitCode == 0, evaluate.Output);
        using (var scores = JsonDocument.Parse(evaluate.Output))
        {
            Assert.Equal(2, scores.RootElement.GetProperty("questions").GetInt32());
            Assert.InRange(scores.RootElement.GetProperty("f1").GetDouble(), 0, 100);
        }
        Assert.NotEqual(0, missingContext.ExitCode);
        Assert.Contains($"{badLines}:2: \"context\" must be a non-empty string", missingContext.Output);
        Assert.NotEqual(0, longQuestion.ExitCode);
        Assert.Contains("--question 1: a question of 36 tokens leaves 0 of 32 tokens for the context", longQuestion.Output);
        Assert.NotEqual(0, noQuestion.ExitCode);
        Assert.Contains("give --question with --context", noQuestion.Output);
    }

    private static BertTokenizer Tokenizer(string model) => BertTokenizer.FromFolder(model);
}
