using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using BertGen.Data;
using BertGen.Embeddings;
using BertGen.Modeling;
using CsvHelper;

namespace BertGen.Cli;

internal static class EmbedCommand
{
    public static Command Create()
    {
        var defaults = new SentenceEmbedderOptions();
        var model = new Option<string>("--model") { Description = "A BERT encoder: a model folder (any head; its encoder is used) or an .onnx file (sentence-transformers' exports)", Required = true };
        var vocab = new Option<string?>("--vocab") { Description = "vocab.txt for an .onnx model (default: the one beside it)" };
        var texts = new Option<string[]>("--text") { Description = "Text to embed (repeat for several)", AllowMultipleArgumentsPerToken = true };
        var data = new Option<string?>("--data") { Description = "A file of texts to embed (column --text-column): CSV, TSV or JSON Lines, plain or .gz" };
        var dataOptions = new DataOptions(labelled: false);
        var pooling = new Option<EmbeddingPooling>("--pooling") { Description = "Mean over the real tokens (sentence-transformers) or Cls", DefaultValueFactory = _ => defaults.Pooling };
        var noNormalize = new Option<bool>("--no-normalize") { Description = "Keep the pooled vectors' lengths (by default they are scaled to length 1)" };
        var maxLength = new Option<int>("--max-length") { Description = "Truncate texts to this many tokens", DefaultValueFactory = _ => defaults.MaxLength };
        var batchSize = new Option<int>("--batch-size") { Description = "Texts per forward pass", DefaultValueFactory = _ => defaults.BatchSize };
        var precision = new Option<ComputePrecision>("--precision") { Description = "Float32, or BFloat16 dense layers (about twice as fast on CPUs with bfloat16 instructions)", DefaultValueFactory = _ => defaults.Precision };
        var output = new Option<string?>("--output") { Description = "Write the embeddings here: .csv (text, e0, e1, ...) or .jsonl (one {text, embedding} per line); default: JSON Lines on standard output" };
        var similarity = new Option<bool>("--similarity") { Description = "Print the cosine similarity of every pair of texts instead of the vectors" };
        var command = new Command("embed", "Sentence embeddings from a BERT encoder: mean or [CLS] pooling, L2-normalised, as JSON Lines or CSV, or pairwise cosine similarities.")
        {
            model, vocab, texts, data, pooling, noNormalize, maxLength, batchSize, precision, output, similarity,
        };
        dataOptions.AddTo(command, "default: texts are embedded as given");
        command.SetAction(result => CommandErrors.Run(() =>
        {
            var inputs = (result.GetValue(texts) ?? []).ToList();
            if (result.GetValue(data) is { } path)
                inputs.AddRange(TextDatasets.ReadTexts(path, dataOptions.Read(result, cleanWhileReading: false)));
            if (inputs.Count == 0)
                throw new ArgumentException("give --text or --data");
            if (dataOptions.CleanChoice(result) == true)
                inputs = inputs.Select(TextCleaning.Clean).ToList();
            using var embedder = SentenceEmbedder.Load(result.GetValue(model)!, new SentenceEmbedderOptions
            {
                VocabularyPath = result.GetValue(vocab),
                Pooling = result.GetValue(pooling),
                Normalize = !result.GetValue(noNormalize),
                MaxLength = result.GetValue(maxLength),
                BatchSize = result.GetValue(batchSize),
                Precision = result.GetValue(precision),
            });
            var embeddings = embedder.Embed(inputs);
            if (result.GetValue(similarity))
                PrintSimilarities(inputs, embeddings);
            else if (result.GetValue(output) is { } file)
            {
                Checkpoints.AtomicFiles.Write(file, stream => Write(stream, file.EndsWith(".csv", StringComparison.OrdinalIgnoreCase), inputs, embeddings));
                Console.Error.WriteLine($"Wrote {embeddings.Length} embeddings of {embedder.Dimension} dimensions to {file}");
            }
            else
            {
                using var stdout = Console.OpenStandardOutput();
                Write(stdout, csv: false, inputs, embeddings);
            }
            return Task.FromResult(0);
        }));
        return command;
    }

    private static void PrintSimilarities(IReadOnlyList<string> texts, float[][] embeddings)
    {
        for (int i = 0; i < texts.Count; i++)
            for (int j = i + 1; j < texts.Count; j++)
                Console.WriteLine($"{EmbeddingSimilarity.Cosine(embeddings[i], embeddings[j]):F4}  \"{texts[i]}\"  \"{texts[j]}\"");
    }

    private static void Write(Stream stream, bool csv, IReadOnlyList<string> texts, float[][] embeddings)
    {
        if (csv)
        {
            using var writer = CsvWriter.Create(stream, new CsvWriterOptions { NewLine = "\n" }, true);
            writer.WriteField("text");
            for (int d = 0; d < embeddings[0].Length; d++)
                writer.WriteField($"e{d}");
            writer.EndRecord();
            for (int i = 0; i < texts.Count; i++)
            {
                writer.WriteField(texts[i]);
                foreach (var value in embeddings[i])
                    writer.WriteField(value.ToString("R", CultureInfo.InvariantCulture));
                writer.EndRecord();
            }
            writer.Flush();
            return;
        }
        using var lines = new StreamWriter(stream, new System.Text.UTF8Encoding(false), leaveOpen: true) { NewLine = "\n" };
        for (int i = 0; i < texts.Count; i++)
            lines.WriteLine(JsonSerializer.Serialize(new { text = texts[i], embedding = embeddings[i] }));
    }
}
