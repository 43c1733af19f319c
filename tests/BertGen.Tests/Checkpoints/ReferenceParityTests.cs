using BertGen.Checkpoints;
using static TorchSharp.torch;

namespace BertGen.Tests.Checkpoints;

/// <summary>
/// Every head loads checkpoints an independent PyTorch implementation wrote, in both file forms, and
/// gives its outputs — every hidden state, the pooled output, logits and loss — within 1e-5.
/// </summary>
public class ReferenceParityTests
{
    public static TheoryData<string, string> HeadsAndFormats()
    {
        var data = new TheoryData<string, string>();
        foreach (var head in CheckpointFixtures.Heads)
        {
            data.Add(head, CheckpointFiles.Safetensors);
            data.Add(head, CheckpointFiles.PyTorch);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(HeadsAndFormats))]
    public void Outputs_match_the_independent_implementation(string head, string weightsFile)
    {
        using var scope = NewDisposeScope();
        var folder = CheckpointFixtures.Folder(head);
        var reference = CheckpointFixtures.Reference(folder);

        var (outputs, report) = CheckpointFixtures.Run(head, Path.Combine(folder, weightsFile), reference);

        Assert.Empty(report.Missing);
        Assert.Empty(report.Unexpected);
        Assert.Empty(report.Conversions);
        CheckpointFixtures.AssertMatches(reference, outputs);
    }

    [Fact]
    public void A_folder_loads_its_safetensors_first()
    {
        using var scope = NewDisposeScope();
        var folder = CheckpointFixtures.Folder("masked-lm");

        var (_, report) = CheckpointFixtures.Run("masked-lm", folder, CheckpointFixtures.Reference(folder));

        Assert.Equal(Path.Combine(folder, CheckpointFiles.Safetensors), report.WeightsPath);
        // Hugging Face's safetensors store the tied decoder once, as the word embeddings.
        Assert.Equal(["cls.predictions.decoder.bias", "cls.predictions.decoder.weight"], report.Tied.Order());
    }

    [Theory]
    [InlineData("sequence-classification-float16", ScalarType.Float16)]
    [InlineData("sequence-classification-bfloat16", ScalarType.BFloat16)]
    public void Half_precision_checkpoints_load_into_float32(string fixture, ScalarType stored)
    {
        using var scope = NewDisposeScope();
        var folder = CheckpointFixtures.Folder(fixture);
        var reference = CheckpointFixtures.Reference(folder);

        var (outputs, report) = CheckpointFixtures.Run("sequence-classification", folder, reference);

        Assert.Equal(report.Loaded.Count, report.Conversions.Count);
        Assert.All(report.Conversions, c => Assert.Equal((stored, ScalarType.Float32), (c.From, c.To)));
        CheckpointFixtures.AssertMatches(reference, outputs);
    }

    [Fact]
    public void Sharded_safetensors_load_through_their_index()
    {
        using var scope = NewDisposeScope();
        var reference = CheckpointFixtures.Reference(CheckpointFixtures.Folder("pretraining"));

        var (outputs, report) = CheckpointFixtures.Run("pretraining", CheckpointFixtures.Folder("pretraining-sharded"), reference);

        Assert.EndsWith(CheckpointFiles.SafetensorsIndex, report.WeightsPath);
        Assert.Empty(report.Missing);
        CheckpointFixtures.AssertMatches(reference, outputs);
    }

    [Fact]
    public void Old_gamma_and_beta_layer_norm_names_load()
    {
        using var scope = NewDisposeScope();
        var reference = CheckpointFixtures.Reference(CheckpointFixtures.Folder("pretraining"));

        var (outputs, report) = CheckpointFixtures.Run("pretraining", CheckpointFixtures.Folder("pretraining-legacy-names"), reference);

        Assert.Equal("bert.embeddings.LayerNorm.weight", report.Renamed["bert.embeddings.LayerNorm.gamma"]);
        Assert.Equal("bert.encoder.layer.1.output.LayerNorm.bias", report.Renamed["bert.encoder.layer.1.output.LayerNorm.beta"]);
        Assert.Empty(report.Missing);
        Assert.Empty(report.Unexpected);
        CheckpointFixtures.AssertMatches(reference, outputs);
    }
}
