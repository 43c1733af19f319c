using System.Runtime.Intrinsics;
using BertGen.Runtime;

namespace BertGen.Training;

/// <summary>The scalars of one AdamW update of one parameter.</summary>
internal readonly record struct AdamWUpdate(float Decay, float Beta1, float OneMinusBeta1, float Beta2, float OneMinusBeta2, float SqrtCorrection2, float Eps, float StepSize)
{
    /// <summary>TorchSharp's AdamW update at bias-correction step <paramref name="step"/>.</summary>
    public static AdamWUpdate At(double learningRate, double beta1, double beta2, double eps, double weightDecay, long step) => new(
        Decay: (float)(1 - learningRate * weightDecay),
        Beta1: (float)beta1,
        OneMinusBeta1: (float)(1 - beta1),
        Beta2: (float)beta2,
        OneMinusBeta2: (float)(1 - beta2),
        SqrtCorrection2: (float)Math.Sqrt(1 - Math.Pow(beta2, step)),
        Eps: (float)eps,
        StepSize: (float)(-learningRate / (1 - Math.Pow(beta1, step))));
}

/// <summary>
/// AdamW's update of one float32 parameter in a single pass over its weights, gradient and two moments.
/// <para>
/// Written by hand because TorchSharp binds neither libtorch's fused <c>_fused_adamw_</c> nor its
/// <c>_foreach_</c> kernels: its AdamW makes eight passes over memory per parameter (decay, two for each moment,
/// square root, two for the denominator, the update), 88 bytes per parameter against this loop's 28, and on
/// these 2-core machines AdamW is bound by memory, not arithmetic. The arithmetic is TorchSharp's, in its
/// order and in float32: p ← p·(1 − lr·λ); m ← β₁m + (1 − β₁)g; v ← β₂v + (1 − β₂)g²;
/// p ← p − lr/(1 − β₁ᵗ) · m / (√v / √(1 − β₂ᵗ) + ε).
/// </para>
/// </summary>
internal static class AdamWKernel
{
    public static unsafe void Step(float* parameter, float* gradient, float* expAvg, float* expAvgSq, long count, AdamWUpdate update, int threads)
    {
        nint p = (nint)parameter, g = (nint)gradient, m = (nint)expAvg, v = (nint)expAvgSq;
        ParallelChunks.For(count, threads, (start, end) => Step((float*)p, (float*)g, (float*)m, (float*)v, start, end, update));
    }

    private static unsafe void Step(float* parameter, float* gradient, float* expAvg, float* expAvgSq, long start, long end, AdamWUpdate u)
    {
        long i = start;
        var decay = Vector512.Create(u.Decay);
        var beta1 = Vector512.Create(u.Beta1);
        var oneMinusBeta1 = Vector512.Create(u.OneMinusBeta1);
        var beta2 = Vector512.Create(u.Beta2);
        var oneMinusBeta2 = Vector512.Create(u.OneMinusBeta2);
        var sqrtCorrection2 = Vector512.Create(u.SqrtCorrection2);
        var eps = Vector512.Create(u.Eps);
        var stepSize = Vector512.Create(u.StepSize);
        for (; i + 16 <= end; i += 16)
        {
            var g = Vector512.Load(gradient + i);
            var m = Vector512.Load(expAvg + i) * beta1 + g * oneMinusBeta1;
            var v = Vector512.Load(expAvgSq + i) * beta2 + g * g * oneMinusBeta2;
            var denominator = Vector512.Sqrt(v) / sqrtCorrection2 + eps;
            var p = Vector512.Load(parameter + i) * decay + stepSize * (m / denominator);
            m.Store(expAvg + i);
            v.Store(expAvgSq + i);
            p.Store(parameter + i);
        }
        for (; i < end; i++)
        {
            float g = gradient[i];
            float m = expAvg[i] * u.Beta1 + g * u.OneMinusBeta1;
            float v = expAvgSq[i] * u.Beta2 + g * g * u.OneMinusBeta2;
            expAvg[i] = m;
            expAvgSq[i] = v;
            parameter[i] = parameter[i] * u.Decay + u.StepSize * (m / (MathF.Sqrt(v) / u.SqrtCorrection2 + u.Eps));
        }
    }
}
