using BertGen.Modeling;
using System.CommandLine;
using BertGen.Data;
using BertGen.Hub;
using BertGen.Tokenization;
using BertGen.Training;

namespace BertGen.Cli;

internal static class FinetuneCommand
{
    public static Command Create()
    {
        var defaults = new TrainingOptions();
        var data = new Option<string>("--data") { Description = "Training data: a CSV, TSV or JSON Lines file (plain or .gz) or an aclImdb folder (pos/ and neg/ of .txt reviews)", Required = true };
        var validation = new Option<string?>("--validation") { Description = "Validation data in the same forms; without it the training data is split" };
        var model = new Option<string?>("--model") { Description = "A Hugging Face model folder to start from (config.json, weights, vocab.txt), or a model id on the Hugging Face Hub (org/name, org/name@revision) to download; without it a fresh model of --size is trained from scratch" };
        var vocab = new Option<string?>("--vocab") { Description = "vocab.txt for a fresh model (or to override the model folder's)" };
        var cased = new Option<bool>("--cased") { Description = "The vocabulary is cased: do not lowercase or strip accents" };
        var size = new Option<string>("--size") { Description = "Size of a fresh model: tiny, mini, small, medium, base or large", DefaultValueFactory = _ => "base" };
        var output = new Option<string>("--output") { Description = "Folder for the best model, metrics.json/csv, training.png and checkpoints", Required = true };
        var split = new Option<SplitStrategy>("--split") { Description = "How to split off validation data: Ordered (the tutorial's first 90%), Shuffled or Stratified", DefaultValueFactory = _ => SplitStrategy.Ordered };
        var validationFraction = new Option<double>("--validation-fraction") { Description = "Fraction of the data held out for validation", DefaultValueFactory = _ => 0.1 };
        var limit = new Option<int?>("--limit") { Description = "Use only the first N examples (quick runs)" };
        var epochs = new Option<int>("--epochs") { Description = "Epochs (the BERT authors recommend 2 to 4)", DefaultValueFactory = _ => defaults.Epochs };
        var batchSize = new Option<int>("--batch-size") { Description = "Examples per batch", DefaultValueFactory = _ => defaults.BatchSize };
        var learningRate = new Option<double>("--learning-rate") { Description = "Peak AdamW learning rate. 2e-5 to 5e-5 fine-tunes pretrained BERT; the tutorial's 1e-3 makes it diverge (models trained from scratch may want 1e-4 or more)", DefaultValueFactory = _ => defaults.LearningRate };
        var weightDecay = new Option<double>("--weight-decay") { Description = "Decoupled weight decay on weight matrices (not biases or LayerNorm)", DefaultValueFactory = _ => defaults.WeightDecay };
        var warmup = new Option<double>("--warmup-ratio") { Description = "Fraction of steps for linear warm-up before the linear decay to 0", DefaultValueFactory = _ => defaults.WarmupRatio };
        var accumulation = new Option<int>("--gradient-accumulation") { Description = "Batches per optimizer step", DefaultValueFactory = _ => defaults.GradientAccumulationSteps };
        var clip = new Option<double>("--max-grad-norm") { Description = "Clip the gradient norm to this before each step", DefaultValueFactory = _ => defaults.MaxGradNorm };
        var maxLength = new Option<int>("--max-length") { Description = "Truncate texts to this many tokens", DefaultValueFactory = _ => defaults.MaxLength };
        var padding = new Option<Padding>("--padding") { Description = "Longest: pad each batch to its longest text (dynamic); MaxLength: pad every text to --max-length as the tutorial does", DefaultValueFactory = _ => defaults.Padding };
        var padMultiple = new Option<int>("--pad-to-multiple-of") { Description = "Round each batch's padded length up to a multiple of this (1: no rounding): fewer shapes for the CPU's matrix library to compile and keep kernels for", DefaultValueFactory = _ => defaults.PadToMultipleOf };
        var noGrouping = new Option<bool>("--no-length-grouping") { Description = "Do not group texts of similar length into batches" };
        var freeze = new Option<bool>("--freeze-encoder") { Description = "Train only the classification head" };
        var bestMetric = new Option<SelectionMetric>("--best-metric") { Description = "Metric that selects the best epoch and drives early stopping", DefaultValueFactory = _ => defaults.BestMetric };
        var patience = new Option<int?>("--early-stopping") { Description = "Stop after this many epochs without improvement" };
        var seed = new Option<int>("--seed") { Description = "Seed for initialisation, data order and dropout", DefaultValueFactory = _ => defaults.Seed };
        var resume = new Option<bool>("--resume") { Description = "Continue from the last completed epoch in --output" };
        var device = new Option<string?>("--device") { Description = "cpu, cuda or cuda:N (default: CUDA when available)" };
        var precision = new Option<ComputePrecision>("--precision") { Description = "Float32, or BFloat16: mixed precision with float32 master weights, about twice as fast on CPUs with bfloat16 instructions (AVX-512 BF16, AMX) and recent GPUs", DefaultValueFactory = _ => ComputePrecision.Float32 };
        var dataOptions = new DataOptions();

        var command = new Command("finetune", "Fine-tune a BERT sequence classifier (IMDb sentiment by default) and save the best model as a Hugging Face folder.")
        {
            data, validation, model, vocab, cased, size, output, split, validationFraction, limit, epochs, batchSize, learningRate, weightDecay,
            warmup, accumulation, clip, maxLength, padding, padMultiple, noGrouping, freeze, bestMetric, patience, seed, resume, device, precision,
        };
        dataOptions.AddTo(command, "default: on; recorded in the saved folder's bertgen_preprocessing.json for predict and evaluate");
        command.SetAction((result, cancellation) => CommandErrors.Run(() =>
        {
            var job = new FineTuningJob
            {
                Data = result.GetValue(data)!,
                ValidationData = result.GetValue(validation),
                // Downloaded before the training progress display starts, so that the two do not share the terminal.
                Model = result.GetValue(model) is { } modelName ? ModelLocation.Resolve(modelName) : null,
                Vocabulary = result.GetValue(vocab),
                LowerCase = !result.GetValue(cased),
                Size = result.GetValue(size)!,
                Output = result.GetValue(output)!,
                DataOptions = dataOptions.Read(result, cleanWhileReading: dataOptions.CleanChoice(result) ?? true),
                Split = result.GetValue(split),
                ValidationFraction = result.GetValue(validationFraction),
                Limit = result.GetValue(limit),
                Training = new TrainingOptions
                {
                    Epochs = result.GetValue(epochs),
                    BatchSize = result.GetValue(batchSize),
                    LearningRate = result.GetValue(learningRate),
                    WeightDecay = result.GetValue(weightDecay),
                    WarmupRatio = result.GetValue(warmup),
                    GradientAccumulationSteps = result.GetValue(accumulation),
                    MaxGradNorm = result.GetValue(clip),
                    MaxLength = result.GetValue(maxLength),
                    Padding = result.GetValue(padding),
                    PadToMultipleOf = result.GetValue(padMultiple),
                    GroupByLength = !result.GetValue(noGrouping),
                    FreezeEncoder = result.GetValue(freeze),
                    BestMetric = result.GetValue(bestMetric),
                    EarlyStoppingPatience = result.GetValue(patience),
                    Seed = result.GetValue(seed),
                    Resume = result.GetValue(resume),
                    Precision = result.GetValue(precision),
                },
            };
            var runDevice = Runtime.ComputeDevices.Select(result.GetValue(device));
            var outcome = ConsoleProgress.Run(progress => job.Run(progress, runDevice, cancellation));
            var best = outcome.History.First(h => h.Epoch == outcome.BestEpoch);
            Console.WriteLine($"Best epoch {best.Epoch}: validation accuracy {best.ValidationAccuracy:P2}, macro F1 {best.MacroF1:F4}. Model, metrics and plot in {Path.GetFullPath(outcome.OutputFolder)}");
            return Task.FromResult(0);
        }));
        return command;
    }
}
