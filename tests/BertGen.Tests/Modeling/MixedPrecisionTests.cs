using BertGen.Modeling;
using BertGen.Tests.Checkpoints;
using BertGen.Tests.Infrastructure;
using TorchSharp;
using static TorchSharp.torch;

namespace BertGen.Tests.Modeling;

/// <summary>
/// bfloat16 mixed precision: close to the independent float32 reference but really computed in bfloat16,
/// float32 gradients on float32 weights, padding still masked, and inference weights converted once giving
/// exactly what mixed precision gives.
/// </summary>
[Collection(TorchRandomnessCollection.Name)]
public class MixedPrecisionTests
{
    // bfloat16 keeps 8 significant bits, a relative rounding error of up to 2⁻⁹ per operation; through two
    // layers and a head the outputs move by up to about 1% of their largest value.
    private const double RelativeTolerance = 0.02;

    [Theory]
    [InlineData("sequence-classification")]
    [InlineData("masked-lm")]
    [InlineData("pretraining")]
    [InlineData("question-answering")]
    public void Outputs_stay_near_the_independent_float32_reference_and_are_float32(string head)
    {
        using var scope = NewDisposeScope();
        var folder = CheckpointFixtures.Folder(head);
        var reference = CheckpointFixtures.Reference(folder);

        Dictionary<string, Tensor> outputs;
        using (MixedPrecision.Enable(ComputePrecision.BFloat16))
            (outputs, _) = CheckpointFixtures.Run(head, folder, reference);

        foreach (var (name, output) in outputs)
        {
            var expected = reference[name];
            double difference = (output - expected).abs().max().item<float>(), scale = Math.Max(1.0, expected.abs().max().item<float>());
            Assert.True(difference <= RelativeTolerance * scale, $"'{name}' differs from the float32 reference by {difference:E2}, more than {RelativeTolerance:P0} of its largest value {scale:F2}");
        }
        Assert.All(outputs.Values, o => Assert.Equal(ScalarType.Float32, o.dtype));
        var (float32Outputs, _) = CheckpointFixtures.Run(head, folder, reference);
        double largest = outputs.Keys.Max(name => (outputs[name] - float32Outputs[name]).abs().max().item<float>());
        Assert.True(largest > 1e-4, $"bfloat16 outputs equal float32's to {largest:E1}: the dense layers did not run in bfloat16");
    }

    [Fact]
    public void The_setting_is_scoped_and_nests()
    {
        Assert.Null(MixedPrecision.ComputeType);
        using (MixedPrecision.Enable(ComputePrecision.BFloat16))
        {
            Assert.Equal(ScalarType.BFloat16, MixedPrecision.ComputeType);
            using (MixedPrecision.Enable(ComputePrecision.Float32))
                Assert.Null(MixedPrecision.ComputeType);
            Assert.Equal(ScalarType.BFloat16, MixedPrecision.ComputeType);
        }
        Assert.Null(MixedPrecision.ComputeType);
    }

    [Fact]
    public void Gradients_arrive_in_float32_on_float32_weights_and_point_the_same_way()
    {
        manual_seed(5);
        using var scope = NewDisposeScope();
        using var model = new TinyClassifier();
        model.train();
        var inputs = TestInputs.Padded();
        var labels = tensor(new long[] { 2, 0 });

        Tensor Gradient(ComputePrecision precision)
        {
            model.zero_grad();
            manual_seed(9);
            using (MixedPrecision.Enable(precision))
                model.Forward(inputs, labels).Loss!.backward();
            Assert.All(model.parameters(), p => Assert.Equal(ScalarType.Float32, p.dtype));
            Assert.All(model.parameters(), p => Assert.Equal(ScalarType.Float32, p.grad!.dtype));
            return cat(model.parameters().Select(p => p.grad!.flatten()).ToArray()).clone();
        }

        var float32 = Gradient(ComputePrecision.Float32);
        var bfloat16 = Gradient(ComputePrecision.BFloat16);

        double cosine = nn.functional.cosine_similarity(float32, bfloat16, dim: 0).item<float>();
        Assert.True(cosine > 0.99, $"the bfloat16 gradient points elsewhere: cosine similarity {cosine:F4}");
        Assert.False(float32.allclose(bfloat16, rtol: 0, atol: 1e-7), "the bfloat16 gradient equals the float32 one: nothing ran in bfloat16");
    }

    [Fact]
    public void Padding_stays_masked_in_bfloat16()
    {
        manual_seed(11);
        using var scope = NewDisposeScope();
        using var model = new TinyEncoder();
        model.eval();
        var (plainInputs, paddedInputs) = TestInputs.WithAndWithoutPadding();

        using var precision = MixedPrecision.Enable(ComputePrecision.BFloat16);
        var plain = model.Forward(plainInputs);
        var withPadding = model.Forward(paddedInputs);

        var difference = (withPadding.LastHiddenState[.., ..5] - plain.LastHiddenState).abs().max().item<float>();
        Assert.True(difference < 1e-3, $"real positions moved by {difference} when padding was appended");
        Assert.False(withPadding.LastHiddenState.isnan().any().item<bool>());
    }

    [Fact]
    public void Training_attention_in_bfloat16_computes_the_same_function_as_the_fused_kernel()
    {
        manual_seed(19);
        using var scope = NewDisposeScope();
        // Dropout so small that it drops nothing: training mode then takes the bfloat16 attention path
        // with dropout, evaluation mode the fused kernel, and both must compute the same attention.
        using var model = BertGen.Models.BertForSequenceClassification.Create(new BertConfig
        {
            NumHiddenLayers = 2, NumAttentionHeads = 4, HiddenSize = 64, IntermediateSize = 128, VocabSize = 300,
            MaxPositionEmbeddings = 64, HiddenDropoutProb = 0, AttentionProbsDropoutProb = 1e-9,
        });
        var inputs = TestInputs.Padded() with { OutputHiddenStates = true };
        using var precision = MixedPrecision.Enable(ComputePrecision.BFloat16);

        model.train();
        var training = model.Forward(inputs).HiddenStates![^1];
        model.eval();
        var fused = model.Forward(inputs).HiddenStates![^1];

        // Padded positions (the second sequence's last four) are not compared: only real tokens matter. The paths
        // differ by about 5e-4 in bfloat16; attending to the padding as well moves the states by about 0.02.
        var real = TestInputs.Padded().AttentionMask!.unsqueeze(-1).to_type(ScalarType.Float32);
        double difference = ((training - fused) * real).abs().max().item<float>();
        Assert.True(difference < 5e-3, $"the two attention paths differ by {difference}");
        Assert.False(training.isnan().any().item<bool>());
    }

    [Fact]
    public void Converted_inference_weights_give_exactly_what_mixed_precision_gives()
    {
        manual_seed(13);
        using var scope = NewDisposeScope();
        using var model = new TinyClassifier();
        model.eval();
        var inputs = TestInputs.Padded();
        Tensor mixed;
        using (no_grad())
        using (MixedPrecision.Enable(ComputePrecision.BFloat16))
            mixed = model.Forward(inputs).Logits;

        int converted = ReducedPrecisionInference.ConvertToBFloat16(model);
        Tensor logits;
        using (no_grad())
            logits = model.Forward(inputs).Logits;

        // Two layers of query, key, value, attention output, intermediate and output, and the pooler.
        Assert.Equal(2 * 6 + 1, converted);
        var parameters = model.named_parameters().ToDictionary(p => p.name, p => p.parameter.dtype);
        Assert.Equal(ScalarType.BFloat16, parameters["bert.encoder.layer.0.attention.self.query.weight"]);
        Assert.Equal(ScalarType.Float32, parameters["classifier.weight"]);
        Assert.Equal(ScalarType.Float32, parameters["bert.embeddings.word_embeddings.weight"]);
        Assert.Equal(ScalarType.Float32, parameters["bert.encoder.layer.0.output.LayerNorm.weight"]);
        Assert.Equal(ScalarType.Float32, logits.dtype);
        Assert.True(logits.eq(mixed).all().item<bool>(), $"converted weights give {logits.str()}, mixed precision {mixed.str()}");
    }

    [Fact]
    public void The_tied_masked_LM_decoder_stays_the_float32_word_embeddings()
    {
        manual_seed(17);
        using var scope = NewDisposeScope();
        using var model = new TinyMaskedLM();

        ReducedPrecisionInference.ConvertToBFloat16(model);

        var state = model.state_dict();
        Assert.Equal(ScalarType.Float32, state["cls.predictions.decoder.weight"].dtype);
        Assert.Equal(ScalarType.BFloat16, state["cls.predictions.transform.dense.weight"].dtype);
        Assert.True(state["bert.embeddings.word_embeddings.weight"].eq(state["cls.predictions.decoder.weight"]).all().item<bool>());
    }
}
