using BertGen.Modeling;
using System.CommandLine;
using BertGen.Pretraining;
using BertGen.Training;

namespace BertGen.Cli;

internal static class PretrainCommand
{
    public static Command Create()
    {
        var defaults = new PretrainingOptions();
        var corpus = new Option<string>("--corpus") { Description = "Text to pretrain on: a CSV (plain or .gz; column --text-column), a text file, or a folder of .txt files", Required = true };
        var textColumn = new Option<string>("--text-column") { Description = "CSV column with the text", DefaultValueFactory = _ => "review" };
        var blankLines = new Option<bool>("--blank-line-documents") { Description = "In text files, blank lines separate documents (otherwise one document per file)" };
        var limit = new Option<int?>("--limit") { Description = "Use only the first N documents (keep your fine-tuning validation rows out)" };
        var vocab = new Option<string>("--vocab") { Description = "vocab.txt of the new model", Required = true };
        var cased = new Option<bool>("--cased") { Description = "The vocabulary is cased" };
        var size = new Option<string>("--size") { Description = "Model size: tiny, mini, small, medium, base or large", DefaultValueFactory = _ => "mini" };
        var output = new Option<string>("--output") { Description = "Folder for the pretrained model (config.json, model.safetensors, vocab.txt), metrics and checkpoints", Required = true };
        var mlmOnly = new Option<bool>("--mlm-only") { Description = "Masked LM only, without next-sentence prediction" };
        var maxLength = new Option<int>("--max-length") { Description = "Sequence length in tokens", DefaultValueFactory = _ => defaults.MaxLength };
        var wholeWord = new Option<bool>("--whole-word-masking") { Description = "Mask every piece of a word together" };
        var staticMasking = new Option<bool>("--static-masking") { Description = "Draw masks once, as the original BERT, instead of each epoch" };
        var validationFraction = new Option<double>("--validation-fraction") { Description = "Fraction of documents held out for MLM/NSP accuracy", DefaultValueFactory = _ => defaults.ValidationFraction };
        var epochs = new Option<int>("--epochs") { Description = "Epochs over the corpus", DefaultValueFactory = _ => defaults.Epochs };
        var batchSize = new Option<int>("--batch-size") { Description = "Sequences per batch", DefaultValueFactory = _ => defaults.BatchSize };
        var learningRate = new Option<double>("--learning-rate") { Description = "Peak AdamW learning rate", DefaultValueFactory = _ => defaults.LearningRate };
        var warmup = new Option<double>("--warmup-ratio") { Description = "Fraction of steps for linear warm-up", DefaultValueFactory = _ => defaults.WarmupRatio };
        var accumulation = new Option<int>("--gradient-accumulation") { Description = "Batches per optimizer step", DefaultValueFactory = _ => defaults.GradientAccumulationSteps };
        var seed = new Option<int>("--seed") { Description = "Seed of every random choice", DefaultValueFactory = _ => defaults.Seed };
        var resume = new Option<bool>("--resume") { Description = "Continue from the last completed epoch in --output" };
        var precision = new Option<ComputePrecision>("--precision") { Description = "Float32, or BFloat16: mixed precision with float32 master weights, about twice as fast on CPUs with bfloat16 instructions (AVX-512 BF16, AMX) and recent GPUs", DefaultValueFactory = _ => ComputePrecision.Float32 };
        var device = new Option<string?>("--device") { Description = "cpu, cuda or cuda:N (default: CUDA when available)" };
        var command = new Command("pretrain", "Pretrain a BERT from raw text with masked LM and next-sentence prediction; the result is a model folder finetune --model starts from.")
        {
            corpus, textColumn, blankLines, limit, vocab, cased, size, output, mlmOnly, maxLength, wholeWord, staticMasking, validationFraction,
            epochs, batchSize, learningRate, warmup, accumulation, seed, resume, device, precision,
        };
        command.SetAction((result, cancellation) => CommandErrors.Run(() =>
        {
            var job = new PretrainingJob
            {
                Corpus = result.GetValue(corpus)!,
                TextColumn = result.GetValue(textColumn)!,
                BlankLineDocuments = result.GetValue(blankLines),
                Limit = result.GetValue(limit),
                Vocabulary = result.GetValue(vocab)!,
                LowerCase = !result.GetValue(cased),
                Size = result.GetValue(size)!,
                Output = result.GetValue(output)!,
                Options = new PretrainingOptions
                {
                    NextSentencePrediction = !result.GetValue(mlmOnly),
                    MaxLength = result.GetValue(maxLength),
                    WholeWordMasking = result.GetValue(wholeWord),
                    StaticMasking = result.GetValue(staticMasking),
                    ValidationFraction = result.GetValue(validationFraction),
                    Epochs = result.GetValue(epochs),
                    BatchSize = result.GetValue(batchSize),
                    LearningRate = result.GetValue(learningRate),
                    WarmupRatio = result.GetValue(warmup),
                    GradientAccumulationSteps = result.GetValue(accumulation),
                    Seed = result.GetValue(seed),
                    Resume = result.GetValue(resume),
                    Precision = result.GetValue(precision),
                },
            };
            var history = ConsoleProgress.Run(progress => job.Run(progress, Runtime.ComputeDevices.Select(result.GetValue(device)), cancellation));
            var last = history[^1];
            Console.WriteLine($"Held-out masked-LM accuracy {last.MlmAccuracy:P2}" + (last.NspAccuracy is { } nsp ? $", next-sentence accuracy {nsp:P2}" : "") + $". Model in {Path.GetFullPath(job.Output)}");
            return Task.FromResult(0);
        }));
        return command;
    }
}
