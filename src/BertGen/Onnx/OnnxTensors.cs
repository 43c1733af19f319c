using System.Buffers.Binary;
using BertGen.Checkpoints;
using Onnx;
using static TorchSharp.torch;

namespace BertGen.Onnx;

/// <summary>Decodes ONNX <c>TensorProto</c> data (raw little-endian bytes, typed fields or external files).</summary>
internal static class OnnxTensors
{
    // ONNX TensorProto.DataType values.
    private const int Float = 1, Int32 = 6, Int64 = 7, Float16 = 10, Double = 11, BFloat16 = 16;

    public static bool IsFloat(TensorProto tensor) => tensor.DataType is Float or Float16 or Double or BFloat16;

    public static bool IsInteger(TensorProto tensor) => tensor.DataType is Int32 or Int64;

    public static long ElementCount(TensorProto tensor) => tensor.Dims.Aggregate(1L, (product, size) => product * size);

    public static string Shape(TensorProto tensor) => "[" + string.Join(", ", tensor.Dims) + "]";

    public static float[] ReadFloats(TensorProto tensor, OnnxGraph graph)
    {
        var count = CheckedCount(tensor, graph);
        var values = new float[count];
        if (tensor.DataType == Float && tensor.FloatData.Count > 0)
            tensor.FloatData.CopyTo(values, 0);
        else if (tensor.DataType == Double && tensor.DoubleData.Count > 0)
            for (int i = 0; i < count; i++) values[i] = (float)tensor.DoubleData[i];
        else if (tensor.DataType is Float16 or BFloat16 && tensor.Int32Data.Count > 0)
            for (int i = 0; i < count; i++) values[i] = Half16((ushort)tensor.Int32Data[i], tensor.DataType);
        else
        {
            var bytes = RawBytes(tensor, graph, count);
            for (int i = 0; i < count; i++)
            {
                values[i] = tensor.DataType switch
                {
                    Float => BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(i * 4)),
                    Double => (float)BinaryPrimitives.ReadDoubleLittleEndian(bytes.AsSpan(i * 8)),
                    _ => Half16(BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(i * 2)), tensor.DataType),
                };
            }
        }
        return values;
    }

    public static long[] ReadIntegers(TensorProto tensor, OnnxGraph graph)
    {
        var count = CheckedCount(tensor, graph);
        var values = new long[count];
        if (tensor.DataType == Int64 && tensor.Int64Data.Count > 0)
            tensor.Int64Data.CopyTo(values, 0);
        else if (tensor.DataType == Int32 && tensor.Int32Data.Count > 0)
            for (int i = 0; i < count; i++) values[i] = tensor.Int32Data[i];
        else
        {
            var bytes = RawBytes(tensor, graph, count);
            for (int i = 0; i < count; i++)
                values[i] = tensor.DataType == Int64
                    ? BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(i * 8))
                    : BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(i * 4));
        }
        return values;
    }

    /// <summary>A float32 TorchSharp tensor of <paramref name="tensor"/>'s shape.</summary>
    public static Tensor ToTorch(TensorProto tensor, OnnxGraph graph)
    {
        if (!IsFloat(tensor))
            throw new CheckpointException($"{graph.Path}: initializer '{tensor.Name}' holds data type {tensor.DataType}; expected floating-point weights");
        return TorchSharp.torch.tensor(ReadFloats(tensor, graph), tensor.Dims.ToArray());
    }

    private static int CheckedCount(TensorProto tensor, OnnxGraph graph)
    {
        if (tensor.Dims.Any(d => d < 0))
            throw new CheckpointException($"{graph.Path}: tensor '{tensor.Name}' has a negative dimension in {Shape(tensor)}");
        var count = ElementCount(tensor);
        if (count > Array.MaxLength)
            throw new CheckpointException($"{graph.Path}: tensor '{tensor.Name}' has {count:N0} elements, more than one array holds");
        return (int)count;
    }

    private static byte[] RawBytes(TensorProto tensor, OnnxGraph graph, int count)
    {
        int width = tensor.DataType switch { Float or Int32 => 4, Int64 or Double => 8, Float16 or BFloat16 => 2, _ => 0 };
        if (width == 0)
            throw new CheckpointException($"{graph.Path}: tensor '{tensor.Name}' has ONNX data type {tensor.DataType}, which BertGen does not read");
        long expected = (long)count * width;
        byte[] bytes;
        if (tensor.DataLocation == TensorProto.Types.DataLocation.External)
            bytes = ReadExternal(tensor, graph, expected);
        else
            bytes = tensor.RawData.ToByteArray();
        if (bytes.Length != expected)
            throw new CheckpointException($"{graph.Path}: tensor '{tensor.Name}' of shape {Shape(tensor)} has {bytes.Length:N0} bytes of data; expected {expected:N0}");
        return bytes;
    }

    private static byte[] ReadExternal(TensorProto tensor, OnnxGraph graph, long expected)
    {
        var entries = tensor.ExternalData.ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal);
        if (!entries.TryGetValue("location", out var location))
            throw new CheckpointException($"{graph.Path}: tensor '{tensor.Name}' is stored externally but names no location");
        var file = graph.ExternalFile(location, tensor.Name);
        long offset = entries.TryGetValue("offset", out var o) && long.TryParse(o, out var parsedOffset) ? parsedOffset : 0;
        long length = entries.TryGetValue("length", out var l) && long.TryParse(l, out var parsedLength) ? parsedLength : expected;
        using var stream = File.OpenRead(file);
        if (offset < 0 || length != expected || offset + length > stream.Length)
            throw new CheckpointException($"{graph.Path}: tensor '{tensor.Name}' wants bytes {offset:N0}..{offset + length:N0} of '{location}' ({stream.Length:N0} bytes); expected {expected:N0} bytes inside the file");
        var bytes = new byte[length];
        stream.Position = offset;
        stream.ReadExactly(bytes);
        return bytes;
    }

    private static float Half16(ushort bits, int dataType) =>
        dataType == BFloat16 ? BitConverter.Int32BitsToSingle(bits << 16) : (float)BitConverter.UInt16BitsToHalf(bits);
}
