using System.IO.MemoryMappedFiles;
using static TorchSharp.torch;

namespace BertGen.Checkpoints;

/// <summary>
/// Reads one <c>.safetensors</c> file. The header is validated on open; tensor data is memory-mapped and
/// copied straight into each new tensor, so the file is never loaded into managed memory.
/// </summary>
public sealed class SafetensorsReader : ITensorSource
{
    private readonly SafetensorsHeader header;
    private readonly MemoryMappedFile? mapping;
    private readonly MemoryMappedViewAccessor? view;

    private SafetensorsReader(string path, SafetensorsHeader header, MemoryMappedFile? mapping, MemoryMappedViewAccessor? view)
    {
        Path = path;
        this.header = header;
        this.mapping = mapping;
        this.view = view;
    }

    public string Path { get; }

    public IReadOnlyDictionary<string, TensorInfo> Tensors => header.Tensors;

    /// <summary>The <c>__metadata__</c> strings (Hugging Face writes <c>{"format": "pt"}</c>).</summary>
    public IReadOnlyDictionary<string, string> Metadata => header.Metadata;

    /// <summary>Opens <paramref name="path"/> and validates its header; throws <see cref="CheckpointException"/> when it is not valid.</summary>
    public static SafetensorsReader Open(string path)
    {
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CheckpointException($"{path}: cannot open the weights file: {e.Message}", e);
        }

        using (stream)
        {
            long length = stream.Length;
            var header = SafetensorsHeader.Read(stream, length, path);
            if (length == header.DataStart)
                return new SafetensorsReader(path, header, null, null);
            var mapping = MemoryMappedFile.CreateFromFile(stream, null, 0, MemoryMappedFileAccess.Read, HandleInheritability.None, leaveOpen: false);
            var view = mapping.CreateViewAccessor(header.DataStart, length - header.DataStart, MemoryMappedFileAccess.Read);
            return new SafetensorsReader(path, header, mapping, view);
        }
    }

    public unsafe Tensor Read(string name)
    {
        if (!header.Tensors.TryGetValue(name, out var info))
            throw new CheckpointException($"{Path}: has no tensor '{name}'");
        var tensor = empty(info.Shape, info.DType);
        var (begin, end) = header.Ranges[name];
        if (end == begin)
            return tensor;
        if (end - begin > int.MaxValue)
            throw new CheckpointException($"{Path}: tensor '{name}' has {end - begin} bytes; tensors over 2 GB are not supported");

        byte* pointer = null;
        var handle = view!.SafeMemoryMappedViewHandle;
        handle.AcquirePointer(ref pointer);
        try
        {
            tensor.bytes = new Span<byte>(pointer + view.PointerOffset + begin, (int)(end - begin));
        }
        finally
        {
            handle.ReleasePointer();
        }
        return tensor;
    }

    public void Dispose()
    {
        view?.Dispose();
        mapping?.Dispose();
    }
}
