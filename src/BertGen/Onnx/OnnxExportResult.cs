namespace BertGen.Onnx;

/// <summary>What an export wrote: the graph, its inputs and outputs by name, and where the weights are.</summary>
/// <param name="Path">The <c>.onnx</c> file.</param>
/// <param name="Architecture">The head exported, as Hugging Face names it.</param>
/// <param name="Inputs">The graph's int64 inputs: <c>input_ids</c>, <c>attention_mask</c>, <c>token_type_ids</c>.</param>
/// <param name="Outputs">The head's float32 outputs, with Hugging Face's names (<c>logits</c>, <c>start_logits</c>, ...).</param>
/// <param name="Parameters">Weights written (the tied decoder once).</param>
/// <param name="ExternalDataPath">The <c>.onnx_data</c> file holding the weights, or null when they are inside the graph.</param>
public sealed record OnnxExportResult(string Path, string Architecture, IReadOnlyList<string> Inputs, IReadOnlyList<string> Outputs, long Parameters, string? ExternalDataPath);
