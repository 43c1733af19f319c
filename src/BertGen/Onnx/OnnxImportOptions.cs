namespace BertGen.Onnx;

/// <summary>How to read an ONNX BERT.</summary>
public sealed record OnnxImportOptions
{
    /// <summary>
    /// The Hugging Face class the graph was exported from, when the structure alone cannot tell (a
    /// two-output dense layer on the pooled output is a sequence classifier or next-sentence prediction;
    /// a two-output layer on the sequence is question answering or token classification). Null: decide
    /// from the structure and the bias names.
    /// </summary>
    public string? Architecture { get; init; }

    /// <summary>Class names by id for a classification head (a graph does not carry them); null: <c>LABEL_0</c>, <c>LABEL_1</c>, ...</summary>
    public IReadOnlyList<string>? LabelNames { get; init; }

    public static OnnxImportOptions Default { get; } = new();
}
