using BertGen.Tests.Infrastructure;
using BertGen.Tests.Modeling;
using BertGen.Training;
using TorchSharp.Modules;
using TorchSharp;
using static TorchSharp.torch;

namespace BertGen.Tests.Training;

/// <summary>BertGen's fused AdamW step gives TorchSharp's AdamW weights, to float32 rounding, in one pass and without temporaries.</summary>
[Collection(TorchRandomnessCollection.Name)]
public class FusedAdamWTests
{
    [Fact]
    public void Three_fused_steps_give_the_weights_TorchSharps_AdamW_gives()
    {
        using var scope = NewDisposeScope();
        var ours = Train(model => ParameterGroups.CreateOptimizer(model, 1e-3, 0.01), ScalarType.Float32);
        var torchSharp = Train(TorchSharpAdamW, ScalarType.Float32);

        Assert.Equal(torchSharp.Keys, ours.Keys);
        foreach (var (name, expected) in torchSharp)
        {
            // The same float32 operations, except that the vector loop may contract a multiply and an add. The
            // key biases get gradients of pure rounding noise (softmax ignores a shift of the keys), which ulp-level
            // differences in the other weights change, so they move by up to lr·1e-3 differently; a wrong formula
            // would differ by about lr = 1e-3.
            Assert.True(expected.allclose(ours[name], rtol: 1e-5, atol: 1e-6), $"{name} differs from TorchSharp's AdamW by {(expected - ours[name]).abs().max().item<float>():E2}");
            Assert.False(expected.eq(Initial(name)).all().item<bool>(), $"{name} was not updated");
        }
    }

    [Fact]
    public void Gradients_are_allocated_zeroed_with_the_optimizer_for_trainable_parameters_only()
    {
        using var scope = NewDisposeScope();
        var trainable = new Parameter(randn(4, 3));
        var frozen = new Parameter(randn(2), requires_grad: false);
        using var optimizer = new FusedAdamW([new AdamW.ParamGroup([trainable, frozen], new AdamW.Options())], 1e-3, 0.01);
        Assert.NotNull(trainable.grad);
        Assert.Equal(trainable.shape, trainable.grad!.shape);
        Assert.Equal(0, trainable.grad.count_nonzero().item<long>());
        Assert.Null(frozen.grad);
    }

    [Fact]
    public void Parameters_it_cannot_fuse_take_TorchSharps_operations_exactly()
    {
        using var scope = NewDisposeScope();
        // float64 weights are not fused; neither is a parameter whose gradient is a non-contiguous view.
        Tensor[] Run(Func<IEnumerable<Parameter>, AdamW> createOptimizer)
        {
            manual_seed(5);
            var weights = new Parameter(randn(30, 7, dtype: ScalarType.Float64));
            var matrix = new Parameter(randn(6, 5));
            using var optimizer = createOptimizer([weights, matrix]);
            for (int step = 0; step < 3; step++)
            {
                weights.grad = randn_like(weights);
                matrix.grad = randn(5, 6).t();
                optimizer.step();
            }
            return [weights.detach().clone(), matrix.detach().clone()];
        }
        var ours = Run(parameters => new FusedAdamW([new AdamW.ParamGroup(parameters, new AdamW.Options())], 1e-2, 0.01));
        var torchSharp = Run(parameters => optim.AdamW(parameters, 1e-2, 0.9, 0.999, 1e-8, 0.01, false, false));
        for (int i = 0; i < ours.Length; i++)
            Assert.True(torchSharp[i].eq(ours[i]).all().item<bool>(), $"parameter {i} differs from TorchSharp's AdamW by {(torchSharp[i] - ours[i]).abs().max().to_type(ScalarType.Float64).item<double>():E2}");
    }

    // 200,003 elements: several parallel chunks and a tail shorter than a vector; moments already non-zero.
    [Fact]
    public unsafe void Kernel_matches_the_update_computed_in_double_precision_on_one_thread_or_two()
    {
        const int count = 200_003;
        var random = new Random(11);
        float[] Values(double scale) => Enumerable.Range(0, count).Select(_ => (float)((random.NextDouble() - 0.5) * scale)).ToArray();
        float[] parameter = Values(2), gradient = Values(0.1), expAvg = Values(0.01), expAvgSq = Values(0.001).Select(Math.Abs).ToArray();
        double lr = 1e-3, beta1 = 0.9, beta2 = 0.999, eps = 1e-8, decay = 0.01;
        const long step = 3;
        var update = AdamWUpdate.At(lr, beta1, beta2, eps, decay, step);

        float[] Run(int threads, out float[] m, out float[] v)
        {
            float[] p = (float[])parameter.Clone();
            m = (float[])expAvg.Clone();
            v = (float[])expAvgSq.Clone();
            fixed (float* pp = p, pg = gradient, pm = m, pv = v)
                AdamWKernel.Step(pp, pg, pm, pv, count, update, threads);
            return p;
        }
        var serial = Run(1, out var serialM, out var serialV);
        var parallel = Run(2, out _, out _);
        Assert.Equal(serial, parallel);
        for (int i = 0; i < count; i++)
        {
            // Moments to float32 rounding of their two terms, then the weight from those moments.
            double g = gradient[i];
            double mTerm1 = beta1 * expAvg[i], mTerm2 = (1 - beta1) * g, vTerm1 = beta2 * expAvgSq[i], vTerm2 = (1 - beta2) * g * g;
            Assert.True(Math.Abs(serialM[i] - (mTerm1 + mTerm2)) <= 1e-6 * (Math.Abs(mTerm1) + Math.Abs(mTerm2)), $"m[{i}] {serialM[i]} against {mTerm1 + mTerm2}");
            Assert.True(Math.Abs(serialV[i] - (vTerm1 + vTerm2)) <= 1e-6 * (vTerm1 + vTerm2), $"v[{i}] {serialV[i]} against {vTerm1 + vTerm2}");
            double decayed = parameter[i] * (1 - lr * decay);
            double change = -lr / (1 - Math.Pow(beta1, step)) * serialM[i] / (Math.Sqrt(serialV[i]) / Math.Sqrt(1 - Math.Pow(beta2, step)) + eps);
            Assert.True(Math.Abs(serial[i] - (decayed + change)) <= 1e-6 * (Math.Abs(decayed) + Math.Abs(change)), $"p[{i}] {serial[i]} against {decayed + change}");
        }
    }

    private static AdamW TorchSharpAdamW(TinyClassifier model)
    {
        var groups = ParameterGroups.CreateOptimizer(model, 1e-3, 0.01).ParamGroups.Cast<AdamW.ParamGroup>()
            .Select(g => new AdamW.ParamGroup(g.Parameters, g.Options)).ToList();
        return optim.AdamW(groups, 1e-3, 0.9, 0.999, 1e-8, 0.01, false, false);
    }

    private static Tensor Initial(string name)
    {
        manual_seed(23);
        using var model = new TinyClassifier();
        return model.named_parameters().Single(p => p.name == name).parameter.detach().clone();
    }

    private static Dictionary<string, Tensor> Train(Func<TinyClassifier, AdamW> createOptimizer, ScalarType type)
    {
        manual_seed(23);
        using var model = new TinyClassifier();
        model.to(type);
        using var optimizer = createOptimizer(model);
        Assert.NotEmpty(optimizer.ParamGroups.Cast<AdamW.ParamGroup>().First().Parameters);
        var inputs = TestInputs.Padded();
        var labels = tensor(new long[] { 1, 2 });
        model.train();
        for (int step = 0; step < 3; step++)
        {
            manual_seed(100 + step);
            model.Forward(inputs, labels).Loss!.backward();
            optimizer.step();
            optimizer.zero_grad();
        }
        return model.named_parameters().ToDictionary(p => p.name, p => p.parameter.detach().clone());
    }
}
