using BertGen.Checkpoints;

namespace BertGen.Tests.Checkpoints;

/// <summary>Loading a pytorch_model.bin never runs code, and a damaged one is a clear error.</summary>
public sealed class PickleSafetyTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("bertgen-pickle-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void A_pickle_that_calls_a_function_is_refused_before_anything_runs()
    {
        // make_checkpoints.py pickled an object whose unpickling calls os.system (posix.system).
        var path = Path.Combine(CheckpointFixtures.Folder("malicious-pickle"), CheckpointFiles.PyTorch);
        File.Delete("/tmp/bertgen-pwned");

        var error = Assert.Throws<CheckpointException>(() => PyTorchZipReader.Open(path));

        Assert.Contains(path, error.Message);
        Assert.Contains("posix.system", error.Message);
        Assert.Contains("never needs", error.Message);
        Assert.False(File.Exists("/tmp/bertgen-pwned"));
    }

    [Fact]
    public void A_truncated_archive_is_an_error_naming_the_file()
    {
        var bytes = File.ReadAllBytes(Path.Combine(CheckpointFixtures.Folder("encoder"), CheckpointFiles.PyTorch));
        var path = Path.Combine(folder, CheckpointFiles.PyTorch);
        File.WriteAllBytes(path, bytes[..(bytes.Length * 2 / 3)]);

        var error = Assert.Throws<CheckpointException>(() => { using var reader = PyTorchZipReader.Open(path); });

        Assert.Contains(path, error.Message);
    }

    [Fact]
    public void A_file_that_is_not_a_zip_says_which_format_is_expected()
    {
        var path = Path.Combine(folder, CheckpointFiles.PyTorch);
        File.WriteAllBytes(path, [0x80, 0x02, 0x8a, 0x0a, 0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8]);

        var error = Assert.Throws<CheckpointException>(() => PyTorchZipReader.Open(path));

        Assert.Contains("not a zip archive", error.Message);
        Assert.Contains("legacy format", error.Message);
    }

    [Fact]
    public void A_storage_shorter_than_its_tensor_is_refused()
    {
        var path = Path.Combine(folder, CheckpointFiles.PyTorch);
        File.Copy(Path.Combine(CheckpointFixtures.Folder("encoder"), CheckpointFiles.PyTorch), path);
        using (var archive = System.IO.Compression.ZipFile.Open(path, System.IO.Compression.ZipArchiveMode.Update))
        {
            var storage = archive.Entries.First(e => e.FullName.EndsWith("/data/0", StringComparison.Ordinal));
            var name = storage.FullName;
            storage.Delete();
            using var stream = archive.CreateEntry(name).Open();
            stream.Write(new byte[12]);
        }

        using var reader = PyTorchZipReader.Open(path);
        var error = Assert.Throws<CheckpointException>(() => reader.Read("embeddings.word_embeddings.weight"));

        Assert.Contains("has 12 bytes", error.Message);
    }
}
