using BertGen.Checkpoints;
using Google.Protobuf;
using Onnx;

namespace BertGen.Onnx;

/// <summary>
/// An ONNX graph indexed for pattern matching: which node produces each value, which nodes read it, and
/// which values are constants (initializers or <c>Constant</c> nodes). Tensor data is decoded on demand.
/// </summary>
internal sealed class OnnxGraph
{
    private readonly Dictionary<string, NodeProto> producers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<NodeProto>> consumers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TensorProto> constants = new(StringComparer.Ordinal);
    private readonly Dictionary<NodeProto, int> order = new(ReferenceEqualityComparer.Instance);
    private readonly string folder;

    private OnnxGraph(string path, ModelProto model)
    {
        Path = path;
        Model = model;
        folder = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!;
        foreach (var initializer in model.Graph.Initializer)
            constants[initializer.Name] = initializer;
        Initializers = model.Graph.Initializer.ToList();
        int index = 0;
        foreach (var node in model.Graph.Node)
        {
            order[node] = index++;
            foreach (var output in node.Output)
                producers[output] = node;
            foreach (var input in node.Input.Where(i => i.Length > 0))
            {
                if (!consumers.TryGetValue(input, out var list))
                    consumers[input] = list = [];
                list.Add(node);
            }
            if (node.OpType == "Constant" && node.Domain is "" or "ai.onnx")
            {
                var value = node.Attribute.FirstOrDefault(a => a.Name == "value")?.T;
                if (value is not null && node.Output.Count == 1)
                    constants[node.Output[0]] = value;
            }
        }
    }

    /// <summary>The file, for messages.</summary>
    public string Path { get; }

    public ModelProto Model { get; }

    public IReadOnlyList<TensorProto> Initializers { get; }

    public IEnumerable<NodeProto> Nodes => Model.Graph.Node;

    /// <summary>Reads an ONNX model file with Google.Protobuf; external-data tensors stay on disk until read.</summary>
    public static OnnxGraph Load(string path)
    {
        if (!File.Exists(path))
            throw new CheckpointException($"{path}: no such ONNX file");
        ModelProto model;
        try
        {
            using var stream = File.OpenRead(path);
            model = ModelProto.Parser.ParseFrom(stream);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new CheckpointException($"{path}: is not an ONNX model (the protobuf does not parse: {e.Message})", e);
        }
        if (model.Graph is null || model.Graph.Node.Count == 0)
            throw new CheckpointException($"{path}: the ONNX model has no graph");
        return new OnnxGraph(path, model);
    }

    public NodeProto? Producer(string value) => producers.GetValueOrDefault(value);

    public IReadOnlyList<NodeProto> Consumers(string value) => consumers.TryGetValue(value, out var list) ? list : [];

    /// <summary>The position of <paramref name="node"/> in the graph's (topological) order.</summary>
    public int Order(NodeProto node) => order[node];

    public bool IsConstant(string value) => constants.ContainsKey(value);

    public TensorProto? Constant(string value) => constants.GetValueOrDefault(value);

    /// <summary>A float constant with exactly one element (a scale, an epsilon), or null.</summary>
    public double? Scalar(string value)
    {
        if (Constant(value) is not { } tensor || OnnxTensors.ElementCount(tensor) != 1 || !OnnxTensors.IsFloat(tensor))
            return null;
        return OnnxTensors.ReadFloats(tensor, this)[0];
    }

    /// <summary>An integer constant's values, or null when <paramref name="value"/> is not one.</summary>
    public long[]? Integers(string value) =>
        Constant(value) is { } tensor && OnnxTensors.IsInteger(tensor) ? OnnxTensors.ReadIntegers(tensor, this) : null;

    /// <summary>Resolves an external-data location against the model's folder, refusing paths that leave it.</summary>
    public string ExternalFile(string location, string tensor)
    {
        var full = System.IO.Path.GetFullPath(System.IO.Path.Combine(folder, location));
        if (!full.StartsWith(folder + System.IO.Path.DirectorySeparatorChar, StringComparison.Ordinal))
            throw new CheckpointException($"{Path}: tensor '{tensor}' keeps its data at '{location}', outside the model's folder");
        if (!File.Exists(full))
            throw new CheckpointException($"{Path}: tensor '{tensor}' keeps its data in '{location}', which does not exist beside the model");
        return full;
    }

    /// <summary>How a node is named in messages: its name if it has one, its op and first output otherwise.</summary>
    public static string Describe(NodeProto node) =>
        node.Name.Length > 0 ? $"node '{node.Name}' ({node.OpType})" : $"{node.OpType} node with output '{node.Output.FirstOrDefault()}'";

    public static AttributeProto? Attribute(NodeProto node, string name) => node.Attribute.FirstOrDefault(a => a.Name == name);
}
