namespace BertGen.Onnx;

/// <summary>How <see cref="OnnxExport"/> writes a model.</summary>
public sealed record OnnxExportOptions
{
    public static readonly OnnxExportOptions Default = new();

    /// <summary>
    /// The head to export, as Hugging Face names the class (<c>BertModel</c> exports the encoder alone);
    /// default: the model's own. Choosing another lets weights go unused, which is otherwise an error.
    /// </summary>
    public string? Architecture { get; init; }

    /// <summary>
    /// Keep the weights in a <c>.onnx_data</c> file beside the graph. Default (null): only when the graph
    /// would pass 2 GB, protobuf's limit on one message.
    /// </summary>
    public bool? ExternalData { get; init; }
}
