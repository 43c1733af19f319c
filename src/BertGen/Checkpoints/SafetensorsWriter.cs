using System.Text.Json;
using static TorchSharp.torch;

namespace BertGen.Checkpoints;

/// <summary>
/// Writes tensors in the safetensors layout Hugging Face reads: a little-endian u64 header length, a JSON
/// header (<c>__metadata__</c> <c>{"format": "pt"}</c>, then per tensor its dtype, shape and
/// <c>data_offsets</c>) padded with spaces to a multiple of 8 bytes, then the raw little-endian data.
/// Tensors are written in name order, so the same weights always give the same bytes.
/// </summary>
public static class SafetensorsWriter
{
    public static void Write(Stream stream, IEnumerable<(string Name, Tensor Tensor)> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var ordered = tensors.OrderBy(t => t.Name, StringComparer.Ordinal).ToList();
        var header = Header(ordered, metadata ?? new Dictionary<string, string> { ["format"] = "pt" });

        Span<byte> length = stackalloc byte[8];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)header.Length);
        stream.Write(length);
        stream.Write(header);
        foreach (var (_, tensor) in ordered)
        {
            using var cpu = tensor.detach().cpu().contiguous();
            if (cpu.numel() > 0)
                stream.Write(cpu.bytes);
        }
    }

    private static byte[] Header(List<(string Name, Tensor Tensor)> tensors, IReadOnlyDictionary<string, string> metadata)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartObject("__metadata__");
            foreach (var (key, value) in metadata.OrderBy(m => m.Key, StringComparer.Ordinal))
                json.WriteString(key, value);
            json.WriteEndObject();
            long offset = 0;
            foreach (var (name, tensor) in tensors)
            {
                long bytes = tensor.numel() * CheckpointDTypes.ElementSize(tensor.dtype);
                json.WriteStartObject(name);
                json.WriteString("dtype", CheckpointDTypes.SafetensorsName(tensor.dtype));
                json.WriteStartArray("shape");
                foreach (var size in tensor.shape)
                    json.WriteNumberValue(size);
                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(offset);
                json.WriteNumberValue(offset + bytes);
                json.WriteEndArray();
                json.WriteEndObject();
                offset += bytes;
            }
            json.WriteEndObject();
        }
        int padding = (int)(-buffer.Length & 7);
        for (int i = 0; i < padding; i++)
            buffer.WriteByte((byte)' ');
        return buffer.ToArray();
    }
}
