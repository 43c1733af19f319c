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
        var training = new TrainingCliOptions(PretrainingOptions.DefaultTraining);
        var corpus = new Option<string>("--corpus") { Description = "Text to pretrain on: a CSV (plain or .gz; column --text-column), a text file, or a folder of .txt files", Required = true };
        var textColumn = new Option<string>("--text-column") { Description = "CSV column with the text", DefaultValueFactory = _ => "review" };
        var blankLines = new Option<bool>("--blank-line-documents") { Description = "In text files, blank lines separate documents (otherwise one document per file)" };
        var limit = new Option<int?>("--limit") { Description = "Use only the first N documents (keep your fine-tuning validation rows out)" };
        var vocab = new Option<string>("--vocab") { Description = "vocab.txt of the new model", Required = true };
        var cased = new Option<bool>("--cased") { Description = "The vocabulary is cased" };
        var size = new Option<string>("--size") { Description = "Model size: tiny, mini, small, medium, base or large", DefaultValueFactory = _ => "mini" };
        var output = new Option<string>("--output") { Description = "Folder for the pretrained model (config.json, model.safetensors, vocab.txt), metrics and checkpoints", Required = true };
        var mlmOnly = new Option<bool>("--mlm-only") { Description = "Masked LM only, without next-sentence prediction" };
        var wholeWord = new Option<bool>("--whole-word-masking") { Description = "Mask every piece of a word together" };
        var staticMasking = new Option<bool>("--static-masking") { Description = "Draw masks once, as the original BERT, instead of each epoch" };
        var validationFraction = new Option<double>("--validation-fraction") { Description = "Fraction of documents held out for MLM/NSP accuracy", DefaultValueFactory = _ => defaults.ValidationFraction };
        var command = new Command("pretrain", "Pretrain a BERT from raw text with masked LM and next-sentence prediction; the result is a model folder finetune --model starts from.")
        {
            corpus, textColumn, blankLines, limit, vocab, cased, size, output, mlmOnly, wholeWord, staticMasking, validationFraction,
        };
        training.AddTo(command);
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
                    WholeWordMasking = result.GetValue(wholeWord),
                    StaticMasking = result.GetValue(staticMasking),
                    ValidationFraction = result.GetValue(validationFraction),
                },
                Training = training.Read(result, PretrainingOptions.DefaultTraining),
            };
            var runDevice = training.ReadDevice(result);
            var outcome = ConsoleProgress.Run(progress => job.Run(progress, runDevice, cancellation));
            var last = outcome.History[^1];
            Console.WriteLine($"Held-out masked-LM accuracy {last.MlmAccuracy:P2}" + (last.NspAccuracy is { } nsp ? $", next-sentence accuracy {nsp:P2}" : "") + $". Model in {Path.GetFullPath(job.Output)}");
            return Task.FromResult(0);
        }));
        return command;
    }
}
