using BertGen;
using BertGen.Data;
using BertGen.Prediction;
using BertGen.Runtime;
using BertGen.Samples.Models;
using BertGen.Tokenization;
using BertGen.Training;
using TorchSharp;

// The flagship job, the tutorial's pipeline (SPEC §4) in a page: fine-tune BERT to tell positive from
// negative movie reviews.
//
//   dotnet run --project samples/BertGen.Samples -c Release
//       the embedded default: built-in synthetic reviews, a small BERT trained from scratch (under 3 minutes)
//   dotnet run --project samples/BertGen.Samples -c Release -- IMDB_Dataset.csv.gz path/to/bert-base-uncased [output]
//       the real run: the IMDb CSV and a pretrained bert-base-uncased Hugging Face folder
// Under jemalloc when it is installed: less memory and faster training than glibc's malloc (see JemallocRelaunch).
if (JemallocRelaunch.RelaunchIfAvailable(args) is { } exitCode)
    return exitCode;

bool real = args.Length >= 2;
string output = Path.GetFullPath(args.Length >= 3 ? args[2] : Path.Combine("runs", real ? "imdb-bert-base" : "synthetic-reviews"));
var device = ComputeDevices.Select();
Console.WriteLine($"Device: {ComputeDevices.Describe(device)}; output: {output}");
torch.manual_seed(42);

// 1-2. Data, cleaned of <br /> tags and extra whitespace; labels negative = 0, positive = 1.
IReadOnlyList<LabeledText> reviews = real ? TextDatasets.Read(args[0]).Examples : SyntheticReviews.Generate(4000);
var labels = LabelMap.FromData(reviews);

// 5. The tutorial's reproducible split: the first 90% train, the last 10% validate.
var (train, validation) = DatasetSplits.Split(reviews, SplitStrategy.Ordered, validationFraction: 0.1);
Console.WriteLine($"{train.Count} training and {validation.Count} validation reviews; labels {string.Join(", ", labels.Names)}");

// 4, 7. Tokenizer and model: pretrained bert-base-uncased with a new 2-label head, or a fresh small BERT
// over a vocabulary of the synthetic corpus's words.
BertTokenizer tokenizer;
TrainableModel model;
if (real)
{
    tokenizer = BertTokenizer.FromFolder(args[1]);
    var bertBase = BertBaseSentiment.FromPretrained(args[1], out var report);
    Console.WriteLine(report);
    model = new(bertBase, m => SequenceClassificationTrainer.Train(bertBase, tokenizer, labels, train, validation, output, Options(), m));
}
else
{
    Directory.CreateDirectory(output);
    var vocabulary = Path.Combine(output, "corpus-vocab.txt");
    WordVocabulary.Write(vocabulary, reviews.Select(r => r.Text));
    tokenizer = BertTokenizer.FromVocabulary(vocabulary);
    var small = SyntheticReviewsClassifier.Create(SyntheticReviewsClassifier.Declaration.Values with { VocabSize = tokenizer.VocabularySize });
    model = new(small, m => SequenceClassificationTrainer.Train(small, tokenizer, labels, train, validation, output, Options(), m));
}

// 8-10. AdamW, linear schedule, clipping; each epoch: training loss and time, then validation metrics.
var result = ConsoleProgress.Run(model.Train);
model.Dispose();
Console.WriteLine($"Best epoch {result.BestEpoch}; model folder, metrics.json, metrics.csv and training.png in {output}");

// 11. Prediction: softmax probabilities per class for new text, from the saved model folder.
using var classifier = TextClassifier.Load(output, device);
string[] newReviews = real
    ? ["I liked this movie a lot, the acting was superb.", "What a waste of time. The plot made no sense."]
    : ["The acting was superb. The story was not dull. Highly recommended.", "The plot was flat but the soundtrack was warm. The ending was awful. The pacing was tedious. Avoid it."];
foreach (var (text, prediction) in newReviews.Zip(classifier.Predict(newReviews)))
    Console.WriteLine($"{prediction.Label,-8} {string.Join(" ", prediction.Probabilities.Select(p => $"{p.Key} {p.Value:P1}"))}  \"{text}\"");
return 0;

TrainingOptions Options() => real
    ? new TrainingOptions()                                                                          // 2e-5, 2 epochs, batch 16, max length 512
    : new TrainingOptions { Epochs = 10, LearningRate = 1e-3, WarmupRatio = 0.1, MaxLength = 128 }; // from scratch: a higher rate, with warm-up

/// <summary>The model of either run and how to train it.</summary>
sealed record TrainableModel(torch.nn.Module Module, Func<ITrainingProgress, TrainingResult> Train) : IDisposable
{
    public void Dispose() => Module.Dispose();
}
