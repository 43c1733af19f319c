using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Text.Json;
using BertGen.Data;
using BertGen.Tokenization;

namespace BertGen.Cli;

/// <summary>
/// <c>bertgen bench tokenize</c>: tokenizer throughput on a review corpus, one core and all cores (medians
/// of repeated runs after a warm-up), and, given Hugging Face's reference ids, how many texts get exactly
/// those ids from BertGen's tokenizer and from Microsoft.ML.Tokenizers' BertTokenizer used as is.
/// </summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var data = new Option<string>("--data") { Description = "A CSV of texts (plain or .gz)", Required = true };
        var column = new Option<string>("--text-column") { Description = "CSV column with the text", DefaultValueFactory = _ => "review" };
        var vocab = new Option<string>("--vocab") { Description = "vocab.txt", Required = true };
        var reference = new Option<string?>("--reference") { Description = "Hugging Face's ids, one line of space-separated ids per text (plain or .gz)" };
        var repeats = new Option<int>("--repeats") { Description = "Timed runs per setting (the median is reported)", DefaultValueFactory = _ => 3 };
        var json = new Option<string?>("--json") { Description = "Also write every figure, with its unit and configuration, to this JSON file" };
        var tokenize = new Command("tokenize", "Tokenizer throughput and agreement with Hugging Face's ids.") { data, column, vocab, reference, repeats, json };
        tokenize.SetAction(result => CommandErrors.Run(() =>
        {
            var texts = CsvTextReader.ReadTexts(result.GetValue(data)!, result.GetValue(column)!);
            var tokenizer = BertTokenizer.FromVocabulary(result.GetValue(vocab)!);
            var options = new BertEncodeOptions { MaxLength = int.MaxValue / 2 };
            var figures = new List<object>();
            Console.WriteLine($"{texts.Count:N0} texts, {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSArchitecture}");
            tokenizer.EncodeMany(texts.Take(2000).ToList(), options: options);
            foreach (var threads in new[] { 1, Environment.ProcessorCount })
            {
                long tokens = 0;
                var seconds = new List<double>();
                for (int r = 0; r < result.GetValue(repeats); r++)
                {
                    var clock = Stopwatch.StartNew();
                    var encodings = tokenizer.EncodeMany(texts, options: options, maxDegreeOfParallelism: threads);
                    seconds.Add(clock.Elapsed.TotalSeconds);
                    tokens = encodings.Sum(e => (long)e.Length);
                }
                double median = seconds.Order().ElementAt(seconds.Count / 2);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{threads} thread(s): {texts.Count / median:N0} texts/s, {tokens / median:N0} tokens/s ({median:F2} s for {tokens:N0} tokens)"));
                figures.Add(new { name = "tokenize_texts_per_second", unit = "texts/s", threads, value = texts.Count / median });
                figures.Add(new { name = "tokenize_tokens_per_second", unit = "tokens/s", threads, value = tokens / median });
            }
            if (result.GetValue(reference) is { } referencePath)
            {
                var expected = ReadIds(referencePath).ToList();
                if (expected.Count != texts.Count)
                    throw new InvalidDataException($"{referencePath}: {expected.Count} lines for {texts.Count} texts");
                var ours = tokenizer.EncodeMany(texts, options: options);
                var library = Microsoft.ML.Tokenizers.BertTokenizer.Create(result.GetValue(vocab)!);
                int oursSame = 0, librarySame = 0;
                for (int i = 0; i < texts.Count; i++)
                {
                    oursSame += ours[i].InputIds.AsSpan().SequenceEqual(expected[i]) ? 1 : 0;
                    librarySame += library.EncodeToIds(texts[i]).SequenceEqual(expected[i]) ? 1 : 0;
                }
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"identical to Hugging Face: BertGen {100.0 * oursSame / texts.Count:F2}%, Microsoft.ML.Tokenizers BertTokenizer as is {100.0 * librarySame / texts.Count:F2}%"));
                figures.Add(new { name = "identical_ids_bertgen", unit = "%", threads = 0, value = 100.0 * oursSame / texts.Count });
                figures.Add(new { name = "identical_ids_ml_tokenizers", unit = "%", threads = 0, value = 100.0 * librarySame / texts.Count });
            }
            if (result.GetValue(json) is { } jsonPath)
                File.WriteAllText(jsonPath, JsonSerializer.Serialize(figures, new JsonSerializerOptions { WriteIndented = true }));
            return Task.FromResult(0);
        }));
        return new Command("bench", "Benchmarks that print figures (and write them as JSON with --json).") { tokenize, Bench.ModelBenchCommand.Create(), Bench.EpochBenchCommand.Create(), Bench.MemoryBenchCommand.Create(), Bench.CoTenancyBenchCommand.Create() };
    }

    private static IEnumerable<int[]> ReadIds(string path)
    {
        using Stream file = File.OpenRead(path);
        using var stream = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(file, CompressionMode.Decompress) : file;
        using var reader = new StreamReader(stream);
        while (reader.ReadLine() is { } line)
            yield return line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToArray();
    }
}
