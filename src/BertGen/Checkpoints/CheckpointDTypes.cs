using static TorchSharp.torch;

namespace BertGen.Checkpoints;

/// <summary>The element types checkpoints store, by their safetensors and PyTorch names.</summary>
internal static class CheckpointDTypes
{
    private static readonly Dictionary<string, ScalarType> s_bySafetensorsName = new(StringComparer.Ordinal)
    {
        ["F64"] = ScalarType.Float64,
        ["F32"] = ScalarType.Float32,
        ["F16"] = ScalarType.Float16,
        ["BF16"] = ScalarType.BFloat16,
        ["I64"] = ScalarType.Int64,
        ["I32"] = ScalarType.Int32,
        ["I16"] = ScalarType.Int16,
        ["I8"] = ScalarType.Int8,
        ["U8"] = ScalarType.Byte,
        ["BOOL"] = ScalarType.Bool,
    };

    // The storage classes torch.save names in pickles (torch.FloatStorage, ...).
    private static readonly Dictionary<string, ScalarType> s_byStorageClass = new(StringComparer.Ordinal)
    {
        ["DoubleStorage"] = ScalarType.Float64,
        ["FloatStorage"] = ScalarType.Float32,
        ["HalfStorage"] = ScalarType.Float16,
        ["BFloat16Storage"] = ScalarType.BFloat16,
        ["LongStorage"] = ScalarType.Int64,
        ["IntStorage"] = ScalarType.Int32,
        ["ShortStorage"] = ScalarType.Int16,
        ["CharStorage"] = ScalarType.Int8,
        ["ByteStorage"] = ScalarType.Byte,
        ["BoolStorage"] = ScalarType.Bool,
    };

    public static IEnumerable<string> SafetensorsNames => s_bySafetensorsName.Keys;

    public static bool TryFromSafetensorsName(string name, out ScalarType dtype) => s_bySafetensorsName.TryGetValue(name, out dtype);

    public static string SafetensorsName(ScalarType dtype) =>
        s_bySafetensorsName.FirstOrDefault(p => p.Value == dtype).Key ?? throw new CheckpointException($"tensors of type {dtype} cannot be written to safetensors");

    public static bool TryFromStorageClass(string name, out ScalarType dtype) => s_byStorageClass.TryGetValue(name, out dtype);

    public static int ElementSize(ScalarType dtype) => dtype switch
    {
        ScalarType.Float64 or ScalarType.Int64 => 8,
        ScalarType.Float32 or ScalarType.Int32 => 4,
        ScalarType.Float16 or ScalarType.BFloat16 or ScalarType.Int16 => 2,
        ScalarType.Int8 or ScalarType.Byte or ScalarType.Bool => 1,
        _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "not a checkpoint element type"),
    };

    /// <summary>PyTorch's name of a type, as users know it from Python (<c>float16</c>, ...).</summary>
    public static string Describe(ScalarType dtype) => dtype switch
    {
        ScalarType.Float64 => "float64",
        ScalarType.Float32 => "float32",
        ScalarType.Float16 => "float16",
        ScalarType.BFloat16 => "bfloat16",
        ScalarType.Int64 => "int64",
        ScalarType.Int32 => "int32",
        ScalarType.Int16 => "int16",
        ScalarType.Int8 => "int8",
        ScalarType.Byte => "uint8",
        ScalarType.Bool => "bool",
        _ => dtype.ToString(),
    };
}
