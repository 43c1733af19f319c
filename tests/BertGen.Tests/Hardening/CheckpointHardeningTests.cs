using BertGen.Checkpoints;
using BertGen.Tests.Checkpoints;
using BertGen.Tests.Infrastructure;

namespace BertGen.Tests.Hardening;

/// <summary>
/// Seeded mutations of the committed weights files (safetensors, torch.save's zip, ONNX graphs): each opens and reads
/// every tensor, or is refused with a <see cref="CheckpointException"/> whose message begins with the file.
/// </summary>
public sealed class CheckpointHardeningTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("bertgen-weights-fuzz-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private static void ReadEveryTensor(string path)
    {
        using var source = CheckpointFiles.Open(path);
        foreach (var name in source.Tensors.Keys)
            source.Read(name).Dispose();
    }

    [Theory]
    [InlineData("model.safetensors", ".safetensors", 0)]
    [InlineData("pytorch_model.bin", ".bin", 10_000)]
    public void Mutated_weights_are_read_or_refused_by_name(string file, string extension, int seed)
    {
        var original = File.ReadAllBytes(Path.Combine(CheckpointFixtures.Folder("sequence-classification"), file));

        var (read, refused) = Mutations.Check<CheckpointException>(folder, original, extension, 400, seed, ReadEveryTensor);

        Assert.True(read > 0 && refused > 0, $"read {read}, refused {refused}");
    }

    [Fact]
    public void A_flipped_byte_in_a_stored_tensor_fails_its_CRC_check()
    {
        var bytes = File.ReadAllBytes(Path.Combine(CheckpointFixtures.Folder("sequence-classification"), "pytorch_model.bin"));
        // The middle of the archive is tensor data, stored uncompressed: without the check it would load as a wrong weight.
        bytes[bytes.Length / 2] ^= 0x10;
        var path = Path.Combine(folder, "pytorch_model.bin");
        File.WriteAllBytes(path, bytes);

        var error = Assert.Throws<CheckpointException>(() => ReadEveryTensor(path));

        Assert.StartsWith($"{path}: ", error.Message);
        Assert.Contains("fails its CRC-32 check", error.Message);
    }

    [Fact]
    public void Mutated_ONNX_graphs_are_imported_or_refused_by_name()
    {
        var original = File.ReadAllBytes(Path.Combine(RepositoryPaths.Root, "tests", "fixtures", "onnx", "encoder-opset14.onnx"));

        var (read, refused) = Mutations.Check<CheckpointException>(folder, original, ".onnx", 300, 20_000, path => BertGen.Onnx.OnnxImport.Read(path).Dispose());

        Assert.True(read > 0 && refused > 0, $"read {read}, refused {refused}");
    }
}
