using BertGen.Checkpoints;
using BertGen.Onnx;
using BertGen.Tests.Checkpoints;
using BertGen.Tests.Infrastructure;
using Google.Protobuf;
using Onnx;
using static TorchSharp.torch;

namespace BertGen.Tests.Onnx;

/// <summary>
/// What the importer refuses (never a silently wrong model) and the file forms it reads besides a
/// self-contained graph: each case edits a PyTorch-exported fixture with the ONNX protobuf classes.
/// </summary>
public sealed class OnnxImportErrorTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("bertgen-onnx-errors-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private static ModelProto Fixture(string name)
    {
        using var stream = File.OpenRead(OnnxFixtureTests.FixturePath(name));
        return ModelProto.Parser.ParseFrom(stream);
    }

    private string Save(ModelProto model, string name = "edited.onnx")
    {
        var path = Path.Combine(folder, name);
        File.WriteAllBytes(path, model.ToByteArray());
        return path;
    }

    private static string ImportError(string path) =>
        Assert.Throws<CheckpointException>(() => OnnxImport.Read(path).Dispose()).Message;

    [Fact]
    public void A_fused_operator_is_named()
    {
        var model = Fixture("encoder-opset14");
        var node = model.Graph.Node.First(n => n.OpType == "Softmax");
        node.Domain = "com.microsoft";
        node.OpType = "Attention";

        var message = ImportError(Save(model));

        Assert.Contains(node.Name, message);
        Assert.Contains("com.microsoft", message);
    }

    [Fact]
    public void An_initializer_the_structure_does_not_use_is_named()
    {
        var model = Fixture("encoder-opset14");
        model.Graph.Initializer.Add(new TensorProto { Name = "stray.weight", DataType = 1, Dims = { 2, 2 }, FloatData = { 1, 2, 3, 4 } });

        var message = ImportError(Save(model));

        Assert.Contains("'stray.weight' [2, 2]", message);
    }

    [Fact]
    public void An_attention_scale_other_than_BERTs_is_refused()
    {
        var model = Fixture("encoder-opset14");
        var scores = model.Graph.Node.First(n => n.OpType == "MatMul" && n.Input.All(i => model.Graph.Initializer.All(t => t.Name != i)));
        var divide = model.Graph.Node.First(n => n.OpType == "Div" && n.Input[0] == scores.Output[0]);
        var constant = model.Graph.Node.First(n => n.Output[0] == divide.Input[1]);
        constant.Attribute[0].T = new TensorProto { DataType = 1, RawData = ByteString.CopyFrom(BitConverter.GetBytes(3f)) };

        var message = ImportError(Save(model));

        Assert.Contains("layer 0: attention scores are scaled by 0.333333", message);
    }

    [Fact]
    public void A_file_that_is_not_onnx_is_refused()
    {
        var path = Path.Combine(folder, "model.onnx");
        File.WriteAllBytes(path, [0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0x12, 0x34]);

        Assert.Contains($"{path}: is not an ONNX model", ImportError(path));
        Assert.Contains("no such ONNX file", ImportError(Path.Combine(folder, "missing.onnx")));
    }

    [Fact]
    public void External_data_files_are_read_and_a_missing_one_is_named()
    {
        using var scope = NewDisposeScope();
        var model = Fixture("sequence-classification-opset14");
        var moved = model.Graph.Initializer.Where(t => t.RawData.Length >= 1024).ToList();
        Assert.NotEmpty(moved);
        using (var data = File.Create(Path.Combine(folder, "model.onnx_data")))
        {
            foreach (var tensor in moved)
            {
                var offset = data.Position;
                tensor.RawData.WriteTo(data);
                tensor.DataLocation = TensorProto.Types.DataLocation.External;
                tensor.ExternalData.Add(new StringStringEntryProto { Key = "location", Value = "model.onnx_data" });
                tensor.ExternalData.Add(new StringStringEntryProto { Key = "offset", Value = offset.ToString() });
                tensor.ExternalData.Add(new StringStringEntryProto { Key = "length", Value = tensor.RawData.Length.ToString() });
                tensor.RawData = ByteString.Empty;
            }
        }
        var path = Save(model, "model.onnx");
        var reference = CheckpointFixtures.Reference(CheckpointFixtures.Folder("sequence-classification"));

        using (var classifier = FixtureClassifier.FromOnnx(path, out _, new CheckpointLoadOptions { Strict = true }))
        {
            var logits = classifier.Forward(CheckpointFixtures.Inputs(reference)).Logits;
            Assert.True((logits - reference["logits"]).abs().max().item<float>() <= 1e-5);
        }

        File.Delete(Path.Combine(folder, "model.onnx_data"));
        Assert.Contains("'model.onnx_data', which does not exist beside the model", ImportError(path));
    }

    [Fact]
    public void Bertgen_import_writes_a_folder_every_command_loads()
    {
        var output = Path.Combine(folder, "minilm");

        var (exitCode, text) = BertgenCli.Run("import", "--onnx", MiniLmPackage.OnnxPath, "--vocab", MiniLmPackage.VocabularyPath, "--output", output);

        Assert.True(exitCode == 0, text);
        Assert.Contains("BertModel: 6 layers, hidden 384, 12 heads, feed-forward 1536 (gelu), vocabulary 30,522, 512 positions, layer_norm_eps 1E-12", text);
        using var model = FixtureEncoder.FromPretrained(output, out var report, new CheckpointLoadOptions { Strict = true });
        Assert.Equal(103, report.Loaded.Count);
        Assert.Equal(30522, BertGen.Tokenization.BertTokenizer.FromFolder(output).VocabularySize);
    }
}
