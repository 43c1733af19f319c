using BertGen.Checkpoints;

namespace BertGen.Tests.Hardening;

/// <summary>A run killed while writing leaves a temporary file; the next write of that file removes it, and only it.</summary>
public sealed class LeftoverFileTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("bertgen-leftovers-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void A_killed_writers_temporary_file_is_removed_and_a_live_writers_is_kept()
    {
        // Process ids never exceed 2^22 on Linux, so this writer is certainly gone; this process is certainly running.
        var killed = Path.Combine(folder, ".model.safetensors.999999999.0123456789abcdef.tmp");
        var live = Path.Combine(folder, $".model.safetensors.{Environment.ProcessId}.fedcba9876543210.tmp");
        var otherFile = Path.Combine(folder, ".config.json.999999999.0123456789abcdef.tmp");
        foreach (var path in new[] { killed, live, otherFile })
            File.WriteAllBytes(path, []);

        AtomicFiles.Write(Path.Combine(folder, "model.safetensors"), stream => stream.WriteByte(1));

        Assert.False(File.Exists(killed));
        Assert.True(File.Exists(live));
        Assert.True(File.Exists(otherFile), "only leftovers of the file being written are its business");
        Assert.Equal([1], File.ReadAllBytes(Path.Combine(folder, "model.safetensors")));
        Assert.Equal(3, Directory.GetFiles(folder).Length);
    }
}
