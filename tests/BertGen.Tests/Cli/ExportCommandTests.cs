using BertGen.Onnx;
using BertGen.Tests.Checkpoints;
using BertGen.Tests.Infrastructure;

namespace BertGen.Tests.Cli;

/// <summary><c>bertgen export</c> writes a graph ONNX Runtime runs and says what it holds; a bad folder is one clear line.</summary>
public sealed class ExportCommandTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("bertgen-export-cli-").FullName;

    [Fact]
    public void Export_writes_the_graph_and_names_its_inputs_and_outputs()
    {
        var onnx = Path.Combine(folder, "reader.onnx");
        var (exitCode, output) = BertgenCli.Run("export", "--model", CheckpointFixtures.Folder("question-answering"), "--output", onnx);

        Assert.True(exitCode == 0, output);
        Assert.Contains("BertForQuestionAnswering", output);
        Assert.Contains("inputs:  input_ids, attention_mask, token_type_ids", output);
        Assert.Contains("outputs: start_logits, end_logits", output);
        using var imported = OnnxImport.Read(onnx);
        Assert.Equal("BertForQuestionAnswering", imported.Config.Architecture);
    }

    [Fact]
    public void A_folder_without_a_config_is_named()
    {
        var empty = Directory.CreateDirectory(Path.Combine(folder, "empty")).FullName;
        var (exitCode, output) = BertgenCli.Run("export", "--model", empty, "--output", Path.Combine(folder, "x.onnx"));

        Assert.Equal(1, exitCode);
        Assert.Contains(empty, output);
        Assert.Contains("config.json", output);
        Assert.False(File.Exists(Path.Combine(folder, "x.onnx")));
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);
}
