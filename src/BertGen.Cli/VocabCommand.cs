using System.CommandLine;
using BertGen.Tokenization;

namespace BertGen.Cli;

internal static class VocabCommand
{
    public static Command Create()
    {
        var defaults = new WordPieceTrainingOptions();
        var corpus = new Option<string>("--corpus") { Description = "Text to learn from: a CSV (plain or .gz; column --text-column), a text file, or a folder of .txt files", Required = true };
        var textColumn = new Option<string>("--text-column") { Description = "CSV column with the text", DefaultValueFactory = _ => "review" };
        var size = new Option<int>("--size") { Description = "Entries of the vocabulary, special tokens and [unused] slots included", DefaultValueFactory = _ => defaults.VocabularySize };
        var unused = new Option<int>("--unused") { Description = "[unused] slots for tokens added later", DefaultValueFactory = _ => defaults.UnusedSlots };
        var minFrequency = new Option<int>("--min-frequency") { Description = "Ignore words seen fewer times", DefaultValueFactory = _ => defaults.MinimumWordFrequency };
        var cased = new Option<bool>("--cased") { Description = "Keep case and accents (a cased vocabulary)" };
        var output = new Option<string>("--output") { Description = "The vocab.txt to write", Required = true };
        var command = new Command("vocab", "Train a WordPiece vocabulary (BERT's layout: special tokens, [unused] slots, ## continuations) from a corpus.")
        {
            corpus, textColumn, size, unused, minFrequency, cased, output,
        };
        command.SetAction(result => CommandErrors.Run(() =>
        {
            var path = result.GetValue(corpus)!;
            var texts = Directory.Exists(path)
                ? Directory.EnumerateFiles(path, "*.txt", SearchOption.AllDirectories).Order(StringComparer.Ordinal).Select(File.ReadAllText)
                : path.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".csv.gz", StringComparison.OrdinalIgnoreCase)
                    ? Data.CsvTextReader.ReadTexts(path, result.GetValue(textColumn)!).Select(Data.TextCleaning.Clean)
                    : File.ReadLines(path);
            var options = new WordPieceTrainingOptions
            {
                VocabularySize = result.GetValue(size),
                UnusedSlots = result.GetValue(unused),
                MinimumWordFrequency = result.GetValue(minFrequency),
                LowerCase = !result.GetValue(cased),
            };
            int entries = WordPieceVocabularyTrainer.Write(result.GetValue(output)!, texts, options);
            Console.WriteLine($"Wrote {entries:N0} entries to {result.GetValue(output)}" + (entries < options.VocabularySize ? " (the corpus has no more pieces to merge)" : ""));
            return Task.FromResult(0);
        }));
        return command;
    }
}
