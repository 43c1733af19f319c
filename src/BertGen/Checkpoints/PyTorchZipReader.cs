using System.IO.Compression;
using BertGen.Checkpoints.Pickle;
using static TorchSharp.torch;

namespace BertGen.Checkpoints;

/// <summary>
/// Reads a <c>pytorch_model.bin</c> written by <c>torch.save</c> (the zip format of PyTorch 1.6 and
/// later): <c>{archive}/data.pkl</c> describes the state dict, <c>{archive}/data/{key}</c> holds each
/// storage's raw little-endian bytes. The pickle goes through <see cref="RestrictedUnpickler"/>, so a
/// checkpoint can never run code; storages are read one tensor at a time.
/// </summary>
public sealed class PyTorchZipReader : ITensorSource
{
    /// <summary>Larger than any state-dict pickle (they hold names and shapes, not data).</summary>
    private const long MaxPickleBytes = 256L << 20;

    private readonly ZipArchive archive;
    private readonly string prefix;
    private readonly Dictionary<string, TensorRef> references;

    private PyTorchZipReader(string path, ZipArchive archive, string prefix, Dictionary<string, TensorRef> references, Dictionary<string, TensorInfo> tensors)
    {
        Path = path;
        this.archive = archive;
        this.prefix = prefix;
        this.references = references;
        Tensors = tensors;
    }

    public string Path { get; }

    public IReadOnlyDictionary<string, TensorInfo> Tensors { get; }

    /// <summary>Opens <paramref name="path"/> and reads its state dict's structure (not yet its data).</summary>
    public static PyTorchZipReader Open(string path)
    {
        ZipArchive archive;
        try
        {
            archive = ZipFile.OpenRead(path);
        }
        catch (InvalidDataException e)
        {
            throw new CheckpointException(
                $"{path}: not a zip archive, so not PyTorch's current checkpoint format (torch.save since 1.6). " +
                "Files in the legacy format are not read: re-save them with a current PyTorch, or as model.safetensors", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CheckpointException($"{path}: cannot open the weights file: {e.Message}", e);
        }

        try
        {
            return Read(path, archive);
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            archive.Dispose();
            throw new CheckpointException($"{path}: the zip archive is damaged: {e.Message}", e);
        }
        catch
        {
            archive.Dispose();
            throw;
        }
    }

    private static PyTorchZipReader Read(string path, ZipArchive archive)
    {
        var pickles = archive.Entries.Where(e => e.FullName.EndsWith("/data.pkl", StringComparison.Ordinal) || e.FullName == "data.pkl").ToList();
        if (pickles.Count != 1)
            throw new CheckpointException($"{path}: expected one data.pkl in the archive, found {pickles.Count}; this is not a torch.save checkpoint");
        var pickle = pickles[0];
        var prefix = pickle.FullName[..^"data.pkl".Length];

        if (archive.GetEntry(prefix + "byteorder") is { } byteOrder)
        {
            using var reader = new StreamReader(byteOrder.Open());
            var order = reader.ReadToEnd().Trim();
            if (order != "little")
                throw new CheckpointException($"{path}: the tensors are stored {order}-endian; only little-endian checkpoints are supported");
        }

        if (pickle.Length > MaxPickleBytes)
            throw new CheckpointException($"{path}: data.pkl has {pickle.Length} bytes, far more than a state dict's description needs");
        var bytes = ReadEntry(path, pickle);

        var root = RestrictedUnpickler.Load(bytes, path);
        if (root is not PickleDict dict)
            throw new CheckpointException($"{path}: the pickle holds a {root?.GetType().Name ?? "None"}, not a state dict (a mapping of names to tensors)");

        var references = new Dictionary<string, TensorRef>(StringComparer.Ordinal);
        var tensors = new Dictionary<string, TensorInfo>(StringComparer.Ordinal);
        foreach (var (key, value) in dict)
        {
            if (key is not string name)
                throw new CheckpointException($"{path}: the state dict has a key of type {key.GetType().Name}; expected parameter names");
            if (value is not TensorRef tensor)
                throw new CheckpointException($"{path}: state dict entry '{name}' is not a tensor");
            references[name] = tensor;
            tensors[name] = new TensorInfo(name, tensor.Storage.DType, tensor.Shape);
        }
        return new PyTorchZipReader(path, archive, prefix, references, tensors);
    }

    public Tensor Read(string name)
    {
        if (!references.TryGetValue(name, out var tensor))
            throw new CheckpointException($"{Path}: has no tensor '{name}'");
        var storage = tensor.Storage;
        CheckView(name, tensor);

        var entryName = $"{prefix}data/{storage.Key}";
        var entry = archive.GetEntry(entryName) ?? throw new CheckpointException($"{Path}: tensor '{name}' refers to storage {entryName}, which the archive lacks");
        long expectedBytes = storage.ElementCount <= long.MaxValue / 16 ? storage.ElementCount * CheckpointDTypes.ElementSize(storage.DType) : long.MaxValue;
        if (entry.Length != expectedBytes)
            throw new CheckpointException($"{Path}: storage {entryName} of tensor '{name}' has {entry.Length} bytes; its {storage.ElementCount} {CheckpointDTypes.Describe(storage.DType)} elements need {expectedBytes}");
        if (expectedBytes > int.MaxValue)
            throw new CheckpointException($"{Path}: tensor '{name}' has {expectedBytes} bytes; storages over 2 GB are not supported");

        byte[] bytes;
        try
        {
            bytes = ReadEntry(Path, entry);
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            throw new CheckpointException($"{Path}: cannot read storage {entryName} of tensor '{name}': {e.Message}", e);
        }

        using var scope = NewDisposeScope();
        var flat = empty([storage.ElementCount], storage.DType);
        if (bytes.Length > 0)
            flat.bytes = bytes;
        // contiguous() copies a strided view and keeps a dense one as it is; either way the result holds the
        // storage alive after `flat` is disposed, so no further copy is needed.
        return flat.as_strided(tensor.Shape, tensor.Stride, tensor.Offset).contiguous().MoveToOuterDisposeScope();
    }

    // An entry's bytes, checked against the CRC-32 its zip header records: .NET's reader does not check it, and a
    // flipped byte in a stored (uncompressed) tensor would otherwise load as a wrong weight without a word.
    private static byte[] ReadEntry(string path, ZipArchiveEntry entry)
    {
        var bytes = new byte[entry.Length];
        using (var stream = entry.Open())
            stream.ReadExactly(bytes);
        uint crc = System.IO.Hashing.Crc32.HashToUInt32(bytes);
        if (crc != entry.Crc32)
            throw new CheckpointException($"{path}: entry {entry.FullName} fails its CRC-32 check (recorded {entry.Crc32:x8}, computed {crc:x8}); the file is damaged");
        return bytes;
    }

    // Every element the view reaches must lie inside the storage, or as_strided would read out of bounds.
    private void CheckView(string name, TensorRef tensor)
    {
        if (tensor.Shape.Any(size => size < 0) || tensor.Stride.Any(step => step < 0) || tensor.Offset < 0)
            throw new CheckpointException($"{Path}: tensor '{name}' has a negative size, stride or offset");
        if (tensor.Shape.Any(size => size == 0))
            return;
        long last;
        try
        {
            last = checked(tensor.Offset + tensor.Shape.Zip(tensor.Stride, (size, step) => checked((size - 1) * step)).Sum());
        }
        catch (OverflowException)
        {
            last = long.MaxValue;
        }
        if (last >= tensor.Storage.ElementCount)
            throw new CheckpointException($"{Path}: tensor '{name}' of shape [{string.Join(", ", tensor.Shape)}] reaches element {last} of a storage with {tensor.Storage.ElementCount}");
    }

    public void Dispose() => archive.Dispose();
}
