using BertGen.Checkpoints;
using BertGen.Tests.Checkpoints;
using BertGen.Tests.Infrastructure;

namespace BertGen.Tests.Hardening;

/// <summary>
/// Damage in a weights file that would otherwise load as wrong weights is refused. (The seeded mutations of every
/// weights format run in the fuzz suite, <see cref="Fuzzing.FuzzSuiteTests"/>.)
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
}
