using Google.Protobuf;
using Onnx;
using static TorchSharp.torch;

namespace BertGen.Onnx;

/// <summary>
/// Builds an ONNX graph with OnnxSharp's protobuf classes: nodes of the default domain with readable,
/// unique names, float32 initializers under the names given, small integer and float constants, and
/// inputs and outputs with named dynamic axes.
/// </summary>
internal sealed class OnnxGraphBuilder
{
    private const int Float = (int)TensorProto.Types.DataType.Float;
    private const int Int64 = (int)TensorProto.Types.DataType.Int64;

    private readonly GraphProto graph;
    // Nodes and values have separate name spaces in ONNX.
    private readonly HashSet<string> nodeNames = new(StringComparer.Ordinal);
    private readonly HashSet<string> values = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> constants = new(StringComparer.Ordinal);

    public OnnxGraphBuilder(string name) => graph = new GraphProto { Name = name };

    public GraphProto Graph => graph;

    /// <summary>Adds a node of <paramref name="op"/> with one output, named after <paramref name="name"/>; returns the output.</summary>
    public string Node(string op, string name, IEnumerable<string> inputs, params AttributeProto[] attributes) =>
        Nodes(op, name, inputs, 1, attributes)[0];

    /// <summary>Adds a node with <paramref name="outputs"/> outputs; returns their names.</summary>
    public string[] Nodes(string op, string name, IEnumerable<string> inputs, int outputs, params AttributeProto[] attributes)
    {
        var node = new NodeProto { OpType = op, Name = UniqueNode(name, outputs) };
        node.Input.AddRange(inputs);
        var produced = Enumerable.Range(0, outputs).Select(i => Reserve(OutputName(node.Name, i, outputs))).ToArray();
        node.Output.AddRange(produced);
        node.Attribute.AddRange(attributes);
        graph.Node.Add(node);
        return produced;
    }

    /// <summary>A float32 initializer holding <paramref name="tensor"/>'s values under <paramref name="name"/>.</summary>
    public string Weight(string name, Tensor tensor, bool transpose = false)
    {
        using var scope = NewDisposeScope();
        var data = (transpose ? tensor.t() : tensor).detach().to(ScalarType.Float32).cpu().contiguous();
        var proto = new TensorProto { Name = Reserve(name), DataType = Float };
        proto.Dims.AddRange(data.shape);
        var bytes = new byte[data.numel() * sizeof(float)];
        data.data<float>().CopyTo(System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(bytes.AsSpan()));
        if (!BitConverter.IsLittleEndian)
            throw new PlatformNotSupportedException("ONNX raw data is little-endian; this machine is not");
        proto.RawData = ByteString.CopyFrom(bytes);
        graph.Initializer.Add(proto);
        return name;
    }

    /// <summary>An int64 constant (a 1-D list, or a scalar when <paramref name="scalar"/>), shared between uses.</summary>
    public string Int64s(long[] values, bool scalar = false)
    {
        var key = $"i64{(scalar ? "s" : "")}:{string.Join(",", values)}";
        if (constants.TryGetValue(key, out var existing))
            return existing;
        var proto = new TensorProto { Name = UniqueValue(scalar ? $"const_{values[0]}" : $"const_[{string.Join(",", values)}]"), DataType = Int64 };
        if (!scalar)
            proto.Dims.Add(values.Length);
        proto.Int64Data.AddRange(values);
        graph.Initializer.Add(proto);
        return constants[key] = proto.Name;
    }

    /// <summary>A float32 scalar constant, shared between uses.</summary>
    public string Scalar(float value)
    {
        var key = "f32:" + BitConverter.SingleToInt32Bits(value);
        if (constants.TryGetValue(key, out var existing))
            return existing;
        var proto = new TensorProto { Name = UniqueValue($"const_{value.ToString("G9", System.Globalization.CultureInfo.InvariantCulture)}f"), DataType = Float };
        proto.FloatData.Add(value);
        graph.Initializer.Add(proto);
        return constants[key] = proto.Name;
    }

    /// <summary>A graph input or output: a tensor of <paramref name="elementType"/> with named (dynamic) axes.</summary>
    public void Input(string name, TensorProto.Types.DataType elementType, params OnnxAxis[] axes) => graph.Input.Add(Value(Reserve(name), elementType, axes));

    public void Output(string value, string name, TensorProto.Types.DataType elementType, params OnnxAxis[] axes)
    {
        // Outputs carry Hugging Face's names: the last node's output is renamed through an Identity.
        Reserve(name);
        var node = new NodeProto { OpType = "Identity", Name = UniqueNode(name + "_identity", 0) };
        node.Input.Add(value);
        node.Output.Add(name);
        graph.Node.Add(node);
        graph.Output.Add(Value(name, elementType, axes));
    }

    public static AttributeProto Int(string name, long value) => new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    public static AttributeProto Ints(string name, params long[] values)
    {
        var attribute = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        attribute.Ints.AddRange(values);
        return attribute;
    }

    public static AttributeProto FloatAttribute(string name, float value) => new() { Name = name, Type = AttributeProto.Types.AttributeType.Float, F = value };

    private static ValueInfoProto Value(string name, TensorProto.Types.DataType elementType, OnnxAxis[] axes)
    {
        var shape = new TensorShapeProto();
        shape.Dim.AddRange(axes.Select(axis => axis.Name is { } dynamic
            ? new TensorShapeProto.Types.Dimension { DimParam = dynamic }
            : new TensorShapeProto.Types.Dimension { DimValue = axis.Size }));
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)elementType, Shape = shape } },
        };
    }

    private string Reserve(string name) =>
        values.Add(name) ? name : throw new InvalidOperationException($"the ONNX graph already has a value named '{name}'");

    private static string OutputName(string node, int index, int outputs) => outputs == 1 ? node + "_output" : $"{node}_output_{index}";

    private string UniqueNode(string name, int outputs)
    {
        var candidate = name;
        for (int i = 1; nodeNames.Contains(candidate) || Enumerable.Range(0, outputs).Any(o => values.Contains(OutputName(candidate, o, outputs))); i++)
            candidate = $"{name}_{i}";
        nodeNames.Add(candidate);
        return candidate;
    }

    private string UniqueValue(string name)
    {
        var candidate = name;
        for (int i = 1; values.Contains(candidate); i++)
            candidate = $"{name}_{i}";
        return Reserve(candidate);
    }
}

/// <summary>An axis of a graph input or output: dynamic (named, as <c>batch</c>) or of a fixed size.</summary>
internal readonly record struct OnnxAxis(string? Name, long Size)
{
    public static implicit operator OnnxAxis(string name) => new(name, 0);

    public static implicit operator OnnxAxis(int size) => new(null, size);
}
