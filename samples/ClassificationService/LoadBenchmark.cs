using System.Diagnostics;
using System.Net.Http.Json;

namespace BertGen.ClassificationService;

/// <summary>
/// Measures the service as its clients see it: the app started in this process on a loopback port, then
/// 1, 4 and 16 clients each sending one text at a time for a fixed time, with micro-batching on (batches
/// of up to 32) and off (batch size 1), in alternating rounds. Prints requests per second and the 50th and 99th
/// percentile latency.
/// Run alone on the machine: another busy process changes every figure.
/// </summary>
internal static class LoadBenchmark
{
    public static async Task<int> Run(string[] args)
    {
        string? Option(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        var model = Option("--model");
        if (model is null)
        {
            Console.Error.WriteLine("usage: bench --model <folder> [--texts <file of lines>] [--seconds 10] [--rounds 2] [--precision Auto|Float32|BFloat16]");
            return 2;
        }
        var seconds = double.Parse(Option("--seconds") ?? "10", System.Globalization.CultureInfo.InvariantCulture);
        var precision = Option("--precision") ?? "Auto";
        var texts = ReadTexts(Option("--texts"));
        var rounds = int.Parse(Option("--rounds") ?? "2", System.Globalization.CultureInfo.InvariantCulture);
        Console.WriteLine($"{texts.Count} texts, {seconds:G} s per case, model {model}, precision {precision}, {Environment.ProcessorCount} cores");
        // Alternating rounds: each configuration runs in a fresh app, in turn, so that neither always runs warmer.
        var results = new Dictionary<(bool Batching, int Clients), List<(double Rate, double P50, double P99, double Batch)>>();
        for (int round = 0; round < rounds; round++)
        {
            // Every other round in reverse order, so that neither configuration always runs first.
            foreach (var batching in round % 2 == 0 ? new[] { true, false } : [false, true])
            {
                await using var app = ClassificationServiceApp.Build(
                [
                    $"--BertGen:Classifier:ModelPath={model}", $"--BertGen:Classifier:MaxBatchSize={(batching ? 32 : 1)}",
                    $"--BertGen:Classifier:Precision={precision}", "--Logging:LogLevel:Default=Warning", "--urls=http://127.0.0.1:0",
                ]);
                await app.StartAsync();
                using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
                await Load(http, texts, clients: 4, TimeSpan.FromSeconds(Math.Min(3, seconds)));   // warm-up: kernels, allocator, JIT
                var classifier = app.Services.GetRequiredService<Prediction.BatchingTextClassifier>();
                foreach (var clients in new[] { 1, 4, 16 })
                {
                    var before = classifier.Served;
                    var (rate, latencies) = await Load(http, texts, clients, TimeSpan.FromSeconds(seconds));
                    var after = classifier.Served;
                    double meanBatch = (after.Texts - before.Texts) / (double)Math.Max(1, after.Batches - before.Batches);
                    if (!results.TryGetValue((batching, clients), out var list))
                        results[(batching, clients)] = list = [];
                    list.Add((rate, Percentile(latencies, 0.50), Percentile(latencies, 0.99), meanBatch));
                    Console.WriteLine($"  round {round + 1}, micro-batching {(batching ? "on" : "off")}, {clients} client(s): {rate:N1} requests/s");
                }
                await app.StopAsync();
            }
        }
        Console.WriteLine();
        Console.WriteLine($"| micro-batching | clients | requests/s | p50 latency | p99 latency | mean batch |  (medians of {rounds} rounds)");
        Console.WriteLine("|---|---|---|---|---|---|");
        foreach (var ((batching, clients), list) in results.OrderByDescending(r => r.Key.Batching).ThenBy(r => r.Key.Clients))
        {
            double Median(Func<(double Rate, double P50, double P99, double Batch), double> pick) => Percentile(list.Select(pick).ToList(), 0.5, interpolate: true);
            Console.WriteLine($"| {(batching ? "on (≤ 32)" : "off")} | {clients} | {Median(r => r.Rate):N1} | {Median(r => r.P50):N1} ms | {Median(r => r.P99):N1} ms | {Median(r => r.Batch):N1} |");
        }
        return 0;
    }

    private static List<string> ReadTexts(string? path)
    {
        if (path is not null)
            return File.ReadLines(path).Where(l => l.Length > 0).ToList();
        // The flagship's committed review sentences (UCI, CC BY 4.0), text before the tab.
        var folder = Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "BertGen.Samples", "data", "uci-sentiment");
        return Directory.GetFiles(folder, "*_labelled.txt").Order().SelectMany(File.ReadLines).Select(l => l.Split('\t')[0]).ToList();
    }

    private static async Task<(double Rate, List<double> Latencies)> Load(HttpClient http, IReadOnlyList<string> texts, int clients, TimeSpan duration)
    {
        var latencies = new List<double>[clients];
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async client =>
        {
            latencies[client] = [];
            for (int i = client; clock.Elapsed < duration; i += clients)
            {
                var start = clock.Elapsed;
                using var response = await http.PostAsJsonAsync("/classify", new ClassifyRequest(texts[i % texts.Count]));
                response.EnsureSuccessStatusCode();
                latencies[client].Add((clock.Elapsed - start).TotalMilliseconds);
            }
        }));
        var all = latencies.SelectMany(l => l).ToList();
        return (all.Count / clock.Elapsed.TotalSeconds, all);
    }

    /// <summary>The nearest-rank percentile, or with <paramref name="interpolate"/> the mean of the two middle values for an even count's median.</summary>
    private static double Percentile(List<double> values, double quantile, bool interpolate = false)
    {
        var sorted = values.Order().ToList();
        if (sorted.Count == 0)
            return double.NaN;
        if (interpolate && quantile == 0.5 && sorted.Count % 2 == 0)
            return (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
        return sorted[Math.Min(sorted.Count - 1, Math.Max(0, (int)Math.Ceiling(quantile * sorted.Count) - 1))];
    }
}
