using System.Text;
using System.Text.Json;

namespace BertGen.Checkpoints;

/// <summary>
/// The parsed and validated header of a safetensors file: where each tensor's bytes lie in the data
/// section. Everything is checked before any data is trusted — header length within the file, valid
/// JSON, known dtypes, offsets in range, byte ranges that neither overlap nor leave gaps and that match
/// shape × element size — so a corrupt or hostile file gives a clear error, never a crash, a hang or a
/// huge allocation. Parsed by hand: the format is a length and a JSON object, and no .NET library for
/// it is available here.
/// </summary>
internal sealed class SafetensorsHeader
{
    /// <summary>The format's own limit on the JSON header (100 MB), far above any real checkpoint's.</summary>
    public const long MaxHeaderBytes = 100_000_000;

    private SafetensorsHeader(long dataStart, IReadOnlyDictionary<string, TensorInfo> tensors,
        IReadOnlyDictionary<string, (long Begin, long End)> ranges, IReadOnlyDictionary<string, string> metadata)
    {
        DataStart = dataStart;
        Tensors = tensors;
        Ranges = ranges;
        Metadata = metadata;
    }

    /// <summary>The file offset of the data section (8 + header length).</summary>
    public long DataStart { get; }

    public IReadOnlyDictionary<string, TensorInfo> Tensors { get; }

    /// <summary>Byte range of each tensor, relative to <see cref="DataStart"/>.</summary>
    public IReadOnlyDictionary<string, (long Begin, long End)> Ranges { get; }

    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>Reads and validates the header of <paramref name="stream"/>, a file of <paramref name="fileLength"/> bytes.</summary>
    public static SafetensorsHeader Read(Stream stream, long fileLength, string path)
    {
        if (fileLength < 8)
            throw Error(path, $"the file has {fileLength} bytes, fewer than the 8-byte header length; it is truncated or not safetensors");
        Span<byte> lengthBytes = stackalloc byte[8];
        stream.ReadExactly(lengthBytes);
        ulong headerLength = BitConverter.IsLittleEndian
            ? BitConverter.ToUInt64(lengthBytes)
            : System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(lengthBytes);
        if (headerLength > (ulong)(fileLength - 8))
            throw Error(path, $"the header length is {headerLength} bytes but only {fileLength - 8} follow; the file is truncated or not safetensors");
        if (headerLength > MaxHeaderBytes)
            throw Error(path, $"the header length is {headerLength} bytes, over the format's limit of {MaxHeaderBytes}");
        if (headerLength < 2)
            throw Error(path, $"the header length is {headerLength} bytes, too short for a JSON object");

        var headerBytes = new byte[headerLength];
        stream.ReadExactly(headerBytes);
        return Parse(headerBytes, fileLength - 8 - (long)headerLength, path);
    }

    /// <summary>Validates a header given its JSON bytes and the length of the data section that follows.</summary>
    public static SafetensorsHeader Parse(byte[] headerBytes, long dataLength, string path)
    {
        JsonDocument document;
        try
        {
            var text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(headerBytes);
            document = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = 8, AllowDuplicateProperties = false });
        }
        catch (Exception e) when (e is JsonException or DecoderFallbackException)
        {
            throw Error(path, $"the header is not valid UTF-8 JSON: {e.Message}", e);
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                throw Error(path, $"the header is a JSON {document.RootElement.ValueKind}; expected an object of tensors");

            var tensors = new Dictionary<string, TensorInfo>(StringComparer.Ordinal);
            var ranges = new Dictionary<string, (long Begin, long End)>(StringComparer.Ordinal);
            var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (property.Name == "__metadata__")
                {
                    ReadMetadata(property.Value, metadata, path);
                    continue;
                }
                if (tensors.ContainsKey(property.Name))
                    throw Error(path, $"tensor '{property.Name}' appears twice in the header");
                var (info, range) = ReadEntry(property.Name, property.Value, dataLength, path);
                tensors.Add(info.Name, info);
                ranges.Add(info.Name, range);
            }

            CheckCoverage(ranges, dataLength, path);
            return new SafetensorsHeader(8 + headerBytes.LongLength, tensors, ranges, metadata);
        }
    }

    private static void ReadMetadata(JsonElement value, Dictionary<string, string> metadata, string path)
    {
        if (value.ValueKind != JsonValueKind.Object)
            throw Error(path, "__metadata__ must be an object of strings");
        foreach (var entry in value.EnumerateObject())
        {
            if (entry.Value.ValueKind != JsonValueKind.String)
                throw Error(path, $"__metadata__ entry '{entry.Name}' is a {entry.Value.ValueKind}; expected a string");
            metadata[entry.Name] = entry.Value.GetString()!;
        }
    }

    private static (TensorInfo Info, (long Begin, long End) Range) ReadEntry(string name, JsonElement entry, long dataLength, string path)
    {
        if (entry.ValueKind != JsonValueKind.Object)
            throw Error(path, $"tensor '{name}': expected an object with dtype, shape and data_offsets");

        if (!entry.TryGetProperty("dtype", out var dtypeElement) || dtypeElement.ValueKind != JsonValueKind.String)
            throw Error(path, $"tensor '{name}': dtype is missing or not a string");
        var dtypeName = dtypeElement.GetString()!;
        if (!CheckpointDTypes.TryFromSafetensorsName(dtypeName, out var dtype))
            throw Error(path, $"tensor '{name}': dtype \"{dtypeName}\" is not supported; expected one of {string.Join(", ", CheckpointDTypes.SafetensorsNames)}");

        if (!entry.TryGetProperty("shape", out var shapeElement) || shapeElement.ValueKind != JsonValueKind.Array)
            throw Error(path, $"tensor '{name}': shape is missing or not an array");
        var shape = new long[shapeElement.GetArrayLength()];
        long elements = 1;
        int i = 0;
        foreach (var dimension in shapeElement.EnumerateArray())
        {
            if (dimension.ValueKind != JsonValueKind.Number || !dimension.TryGetInt64(out var size) || size < 0)
                throw Error(path, $"tensor '{name}': shape entry {i} is {dimension.GetRawText()}; expected a non-negative integer");
            shape[i++] = size;
            // No real tensor comes near this; it stops shape products from overflowing.
            elements = size == 0 ? 0 : elements > long.MaxValue / 8 / size ? throw Error(path, $"tensor '{name}': shape [{string.Join(", ", shape.Take(i))}...] is impossibly large") : elements * size;
        }

        if (!entry.TryGetProperty("data_offsets", out var offsetsElement) || offsetsElement.ValueKind != JsonValueKind.Array || offsetsElement.GetArrayLength() != 2
            || !offsetsElement[0].TryGetInt64(out var begin) || !offsetsElement[1].TryGetInt64(out var end))
        {
            throw Error(path, $"tensor '{name}': data_offsets must be [begin, end] integers");
        }
        if (begin < 0 || end < begin || end > dataLength)
            throw Error(path, $"tensor '{name}': data_offsets [{begin}, {end}] lie outside the data section of {dataLength} bytes; the file is truncated or corrupt");

        long expectedBytes = elements * CheckpointDTypes.ElementSize(dtype);
        if (end - begin != expectedBytes)
            throw Error(path, $"tensor '{name}': shape [{string.Join(", ", shape)}] of {dtypeName} needs {expectedBytes} bytes but data_offsets [{begin}, {end}] hold {end - begin}");

        return (new TensorInfo(name, dtype, shape), (begin, end));
    }

    private static void CheckCoverage(Dictionary<string, (long Begin, long End)> ranges, long dataLength, string path)
    {
        long expectedBegin = 0;
        string? previous = null;
        foreach (var (name, (begin, end)) in ranges.OrderBy(r => r.Value.Begin).ThenBy(r => r.Value.End))
        {
            if (begin < expectedBegin)
                throw Error(path, $"tensors '{previous}' and '{name}' overlap (byte {begin} is used twice)");
            if (begin > expectedBegin)
                throw Error(path, $"bytes {expectedBegin}..{begin} of the data section belong to no tensor (before '{name}')");
            expectedBegin = end;
            previous = name;
        }
        if (expectedBegin != dataLength)
            throw Error(path, $"the data section has {dataLength} bytes but the tensors cover {expectedBegin}; the file has trailing data or was cut");
    }

    private static CheckpointException Error(string path, string message, Exception? inner = null) =>
        new($"{path}: not a valid safetensors file: {message}.", inner);
}
