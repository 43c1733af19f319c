using System.CommandLine;
using BertGen.Checkpoints;
using BertGen.Modeling;
using BertGen.Onnx;

namespace BertGen.Cli;

internal static class ImportCommand
{
    public static Command Create()
    {
        var onnx = new Option<string>("--onnx") { Description = "A BERT exported to ONNX (torch.onnx or optimum; external .onnx_data beside it is read)", Required = true };
        var vocab = new Option<string?>("--vocab") { Description = "vocab.txt to save with the model (with tokenizer_config.json), so that every command can tokenize for it" };
        var cased = new Option<bool>("--cased") { Description = "The vocabulary is cased: do not lowercase or strip accents" };
        var labels = new Option<string[]>("--labels") { Description = "Class names by id for a classification head (a graph carries none)", AllowMultipleArgumentsPerToken = true };
        var architecture = new Option<string?>("--architecture") { Description = "The Hugging Face class, when the graph's structure cannot tell (BertForNextSentencePrediction, BertForTokenClassification)" };
        var output = new Option<string>("--output") { Description = "The Hugging Face model folder to write", Required = true };
        var command = new Command("import", "Convert a BERT exported to ONNX into a Hugging Face model folder (config.json, model.safetensors, vocab.txt).")
        {
            onnx, vocab, cased, labels, architecture, output,
        };
        command.SetAction(result => CommandErrors.Run(() =>
        {
            var names = result.GetValue(labels) is { Length: > 0 } given ? given.SelectMany(l => l.Split(',')).ToList() : null;
            var config = OnnxImport.ToFolder(
                result.GetValue(onnx)!,
                result.GetValue(output)!,
                new ModelFolderOptions { VocabularyPath = result.GetValue(vocab), LowerCase = !result.GetValue(cased) },
                new OnnxImportOptions { Architecture = result.GetValue(architecture), LabelNames = names });
            Console.WriteLine($"{config.Architecture}: {config.NumHiddenLayers} layers, hidden {config.HiddenSize}, {config.NumAttentionHeads} heads, " +
                $"feed-forward {config.IntermediateSize} ({BertConfigJson.ActivationName(config.HiddenAct)}), vocabulary {config.VocabSize:N0}, " +
                $"{config.MaxPositionEmbeddings} positions, layer_norm_eps {config.LayerNormEps:G}");
            Console.WriteLine($"Wrote {Path.GetFullPath(result.GetValue(output)!)}");
            return Task.FromResult(0);
        }));
        return command;
    }
}
