using System.Text;
using BertGen.Checkpoints;
using static TorchSharp.torch;

namespace BertGen.Tests.Checkpoints;

/// <summary>A corrupt, truncated or hostile safetensors file is a clear error naming the file and the fault.</summary>
public sealed class SafetensorsValidationTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("bertgen-safetensors-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private string Write(byte[] bytes)
    {
        var path = Path.Combine(folder, $"{Guid.NewGuid():N}.safetensors");
        File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>A file of <paramref name="header"/> (JSON) followed by <paramref name="dataBytes"/> zero bytes.</summary>
    private string WithHeader(string header, int dataBytes)
    {
        var json = Encoding.UTF8.GetBytes(header);
        return Write([.. BitConverter.GetBytes((ulong)json.Length), .. json, .. new byte[dataBytes]]);
    }

    private byte[] Valid()
    {
        using var stream = new MemoryStream();
        using var a = arange(6, dtype: ScalarType.Float32).reshape(2, 3);
        using var b = arange(4, dtype: ScalarType.Int64);
        SafetensorsWriter.Write(stream, [("a", a), ("b", b)]);
        return stream.ToArray();
    }

    [Fact]
    public void A_valid_file_reads_back_exactly()
    {
        var path = Write(Valid());

        using var reader = SafetensorsReader.Open(path);
        using var a = reader.Read("a");

        Assert.Equal([2L, 3L], a.shape);
        Assert.Equal([0f, 1f, 2f, 3f, 4f, 5f], a.data<float>().ToArray());
        Assert.Equal([0L, 1L, 2L, 3L], reader.Read("b").data<long>().ToArray());
    }

    public static TheoryData<int> CutPoints => new() { 0, 5, 8, 20, -1, -9 };

    [Theory]
    [MemberData(nameof(CutPoints))]
    public void A_truncated_file_is_an_error_not_a_crash(int keep)
    {
        var bytes = Valid();
        var path = Write(bytes[..(keep >= 0 ? keep : bytes.Length + keep)]);

        var error = Assert.Throws<CheckpointException>(() => SafetensorsReader.Open(path));

        Assert.StartsWith(path + ": not a valid safetensors file", error.Message);
    }

    public static TheoryData<string, int, string> BadHeaders => new()
    {
        { "not json at all", 0, "not valid UTF-8 JSON" },
        { "[1, 2, 3]", 0, "expected an object of tensors" },
        { """{"w":{"dtype":"F8_E9","shape":[1],"data_offsets":[0,1]}}""", 1, "dtype \"F8_E9\" is not supported" },
        { """{"w":{"dtype":"F32","shape":[-2],"data_offsets":[0,8]}}""", 8, "shape entry 0 is -2" },
        { """{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,800]}}""", 8, "data_offsets [0, 800] lie outside the data section of 8 bytes" },
        { """{"w":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}""", 8, "needs 12 bytes but data_offsets [0, 8] hold 8" },
        { """{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"v":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}}""", 12, "overlap" },
        { """{"w":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}""", 8, "bytes 0..4 of the data section belong to no tensor" },
        { """{"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}""", 8, "the tensors cover 4" },
        { """{"w":{"dtype":"F32","shape":[4294967296,4294967296],"data_offsets":[0,4]}}""", 4, "impossibly large" },
        { """{"w":{"dtype":"F32","shape":[1]}}""", 4, "data_offsets must be [begin, end] integers" },
        { """{"__metadata__":{"format":7}}""", 0, "__metadata__ entry 'format' is a Number" },
    };

    [Theory]
    [MemberData(nameof(BadHeaders))]
    public void A_bad_header_names_the_fault(string header, int dataBytes, string expected)
    {
        var path = WithHeader(header, dataBytes);

        var error = Assert.Throws<CheckpointException>(() => SafetensorsReader.Open(path));

        Assert.Contains(path, error.Message);
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void A_header_length_beyond_the_file_is_refused_before_allocating()
    {
        var path = Write([.. BitConverter.GetBytes(ulong.MaxValue / 2), .. "{}"u8.ToArray()]);

        var error = Assert.Throws<CheckpointException>(() => SafetensorsReader.Open(path));

        Assert.Contains("only 2 follow", error.Message);
    }

    [Fact]
    public void A_corrupted_checkpoint_fails_to_load_with_the_file_named()
    {
        var source = Path.Combine(CheckpointFixtures.Folder("sequence-classification"));
        var copy = Path.Combine(folder, "model");
        Directory.CreateDirectory(copy);
        File.Copy(Path.Combine(source, "config.json"), Path.Combine(copy, "config.json"));
        var bytes = File.ReadAllBytes(Path.Combine(source, "model.safetensors"));
        File.WriteAllBytes(Path.Combine(copy, "model.safetensors"), bytes[..(bytes.Length / 2)]);

        var error = Assert.Throws<CheckpointException>(() => FixtureClassifier.FromPretrained(copy));

        Assert.Contains(Path.Combine(copy, "model.safetensors"), error.Message);
        Assert.Contains("truncated", error.Message);
    }
}
