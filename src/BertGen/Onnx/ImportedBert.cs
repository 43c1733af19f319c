using BertGen.Checkpoints;
using BertGen.Modeling;
using static TorchSharp.torch;

namespace BertGen.Onnx;

/// <summary>
/// A BERT recovered from an ONNX graph: its configuration (sizes, activation, epsilon and heads read
/// from the graph) and its weights under Hugging Face's names, in Hugging Face's layouts. It is a
/// tensor source, so every checkpoint path (strict loading, the load report) applies to it unchanged.
/// </summary>
public sealed class ImportedBert : ITensorSource
{
    private readonly Dictionary<string, Tensor> tensors;

    internal ImportedBert(string path, BertConfig config, Dictionary<string, Tensor> tensors)
    {
        Path = path;
        Config = config;
        this.tensors = tensors;
        Tensors = tensors.ToDictionary(t => t.Key, t => new TensorInfo(t.Key, t.Value.dtype, t.Value.shape), StringComparer.Ordinal);
    }

    /// <summary>The ONNX file.</summary>
    public string Path { get; }

    /// <summary>The configuration the graph implies; <see cref="BertConfig.Architecture"/> names the head found.</summary>
    public BertConfig Config { get; }

    public IReadOnlyDictionary<string, TensorInfo> Tensors { get; }

    /// <summary>A new handle on tensor <paramref name="name"/>'s data (no copy); disposing it leaves this source's tensor intact.</summary>
    public Tensor Read(string name) => tensors.TryGetValue(name, out var tensor)
        ? tensor.alias()
        : throw new CheckpointException($"{Path}: the imported model has no tensor '{name}'");

    /// <summary>The weights under their Hugging Face names, in name order (what <c>model.safetensors</c> holds).</summary>
    public IEnumerable<(string Name, Tensor Tensor)> NamedTensors() =>
        tensors.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => (t.Key, t.Value));

    public void Dispose()
    {
        foreach (var tensor in tensors.Values)
            tensor.Dispose();
        tensors.Clear();
    }
}
