using BertGen.Modeling;
using BertGen.Models;
using BertGen.Tokenization;
using BertGen.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace BertGen.Pretraining;

/// <summary>
/// The job behind <c>bertgen pretrain</c>: read a corpus (a CSV text column, text files, or a folder of .txt
/// files), build a fresh BERT of a named size over a vocabulary (masked LM + next-sentence prediction, or
/// masked LM only), pretrain it, and leave a Hugging Face model folder that <c>bertgen finetune --model</c>
/// starts from.
/// </summary>
public sealed record PretrainingJob
{
    /// <summary>A CSV file (plain or .gz), a text file, or a folder of .txt files.</summary>
    public required string Corpus { get; init; }

    public string TextColumn { get; init; } = "review";

    /// <summary>In text files, blank lines separate documents (otherwise each file is one document).</summary>
    public bool BlankLineDocuments { get; init; }

    /// <summary>Use only the first N documents (for IMDb: the fine-tuning training rows, keeping validation out).</summary>
    public int? Limit { get; init; }

    public required string Vocabulary { get; init; }

    public bool LowerCase { get; init; } = true;

    public string Size { get; init; } = "mini";

    public required string Output { get; init; }

    public PretrainingOptions Options { get; init; } = new();

    /// <summary>Optimisation, batching and precision (pretraining's own defaults: <see cref="PretrainingOptions.DefaultTraining"/>).</summary>
    public TrainingOptions Training { get; init; } = PretrainingOptions.DefaultTraining;

    public TrainingResult<PretrainingMetrics> Run(ITrainingProgress progress, Device? device = null, CancellationToken cancellation = default)
    {
        device ??= Runtime.ComputeDevices.Select();
        progress.Message($"Device: {Runtime.ComputeDevices.Describe(device)}");
        var documents = ReadCorpus();
        if (Limit is { } limit)
            documents = documents.Take(limit).ToList();
        progress.Message($"{Corpus}: {documents.Count} documents, {documents.Sum(d => d.Sentences.Count):N0} sentences");
        var tokenizer = BertTokenizer.FromVocabulary(Vocabulary, LowerCase);
        var config = BertSizes.Config(Size, tokenizer.VocabularySize) with { MaxPositionEmbeddings = Math.Max(512, Training.MaxLength) };
        var task = new PretrainingTask(tokenizer, Options, Training);
        var (train, validation) = task.Build(documents);
        progress.Message($"Pretraining on {train.Count} sequences; {validation.Count} held-out sequences from {Options.ValidationFraction:P0} of the documents");
        manual_seed(Training.Seed);
        if (Options.NextSentencePrediction)
        {
            using var model = BertForPreTraining.Create(config);
            return Trainer.Create(model, task, Training, progress, device).Train(train, validation, Output, cancellation);
        }
        using var maskedLM = BertForMaskedLM.Create(config);
        return Trainer.Create(maskedLM, task, Training, progress, device).Train(train, validation, Output, cancellation);
    }

    private List<CorpusDocument> ReadCorpus()
    {
        if (Directory.Exists(Corpus))
            return TextCorpus.FromTextFiles(Directory.EnumerateFiles(Corpus, "*.txt", SearchOption.AllDirectories).Order(StringComparer.Ordinal), BlankLineDocuments);
        if (Corpus.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) || Corpus.EndsWith(".csv.gz", StringComparison.OrdinalIgnoreCase))
            return TextCorpus.FromCsv(Corpus, TextColumn);
        if (!File.Exists(Corpus))
            throw new Data.DataException($"{Corpus}: no such corpus file or folder");
        return TextCorpus.FromTextFiles([Corpus], BlankLineDocuments);
    }
}
