using System.CommandLine;
using BertGen.Onnx;

namespace BertGen.Cli;

internal static class ExportCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = "The model to export: a Hugging Face model folder (config.json and weights), a weights file beside its config.json, or a Hub model id", Required = true };
        var output = new Option<string>("--output") { Description = "The .onnx file to write (opset 17, float32, dynamic batch and sequence axes)", Required = true };
        var architecture = new Option<string?>("--architecture") { Description = "Export another head than the folder's: BertModel exports the encoder alone (its last_hidden_state and pooler_output)" };
        var external = new Option<bool>("--external-data") { Description = "Keep the weights in a .onnx_data file beside the graph (default: only past protobuf's 2 GB)" };
        var command = new Command("export", "Export a model to ONNX for ONNX Runtime: input_ids, attention_mask and token_type_ids in, the head's outputs under Hugging Face's names out.")
        {
            model, output, architecture, external,
        };
        command.SetAction(result => CommandErrors.Run(() =>
        {
            var exported = OnnxExport.FromFolder(
                result.GetValue(model)!,
                result.GetValue(output)!,
                new OnnxExportOptions { Architecture = result.GetValue(architecture), ExternalData = result.GetValue(external) ? true : null });
            Console.WriteLine($"{exported.Architecture}: {exported.Parameters:N0} parameters, opset {OnnxExport.Opset}");
            Console.WriteLine($"  inputs:  {string.Join(", ", exported.Inputs)} (int64)");
            Console.WriteLine($"  outputs: {string.Join(", ", exported.Outputs)} (float32)");
            Console.WriteLine($"Wrote {exported.Path}{(exported.ExternalDataPath is { } data ? $" and {data}" : "")}");
            return Task.FromResult(0);
        }));
        return command;
    }
}
