using BertGen.Modeling;
using BertGen.Tests.Infrastructure;
using TorchSharp;
using static TorchSharp.torch;

namespace BertGen.Tests.Modeling;

/// <summary>
/// BertDropout's noise is the SplitMix64 sequence of its seed, element by element, however the work is split; it
/// drops the requested share of elements independently of their neighbours, and behaves as libtorch's dropout.
/// </summary>
[Collection(TorchRandomnessCollection.Name)]
public class DropoutTests
{
    private const ulong Seed = 0x0123456789ABCDEF;

    /// <summary>SplitMix64 as published (Steele, Lea and Flood 2014; Vigna's C code): advance, then mix.</summary>
    private sealed class SplitMix64(ulong state)
    {
        public ulong Next()
        {
            state += 0x9E3779B97F4A7C15;
            ulong z = state;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
            return z ^ (z >> 31);
        }
    }

    /// <summary>The bits of each element from the sequential generator: output k feeds elements 2k (low half) and 2k + 1.</summary>
    private static uint[] SequentialBits(long count)
    {
        var generator = new SplitMix64(Seed);
        var bits = new uint[count];
        for (long k = 0; 2 * k < count; k++)
        {
            ulong output = generator.Next();
            bits[2 * k] = (uint)output;
            if (2 * k + 1 < count)
                bits[2 * k + 1] = (uint)(output >> 32);
        }
        return bits;
    }

    // 200,003 elements: several parallel chunks of 65,536, and a tail shorter than a vector.
    private const int StreamLength = 200_003;
    private const double StreamP = 0.1;

    /// <summary>Each element is <paramref name="kept"/> where its bits reach p·2³², else <paramref name="dropped"/>.</summary>
    private static void AssertFollowsTheSequentialStream<T>(T[] noise, T kept, T dropped)
    {
        var bits = SequentialBits(noise.Length);
        uint threshold = (uint)Math.Round(StreamP * 4294967296.0);
        for (int i = 0; i < noise.Length; i++)
            Assert.True(EqualityComparer<T>.Default.Equals(noise[i], bits[i] >= threshold ? kept : dropped), $"element {i}: {noise[i]}, bits {bits[i]:X8}");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public unsafe void Float32_noise_is_the_sequential_SplitMix64_stream_compared_with_p_times_2_to_the_32(int threads)
    {
        var noise = new float[StreamLength];
        fixed (float* memory = noise)
            DropoutNoise.FillFloat32(memory, StreamLength, StreamP, Seed, threads);
        AssertFollowsTheSequentialStream(noise, (float)(1 / (1 - StreamP)), 0f);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public unsafe void BFloat16_noise_is_the_same_stream_with_the_scale_rounded_to_bfloat16(int threads)
    {
        var noise = new ushort[StreamLength];
        fixed (ushort* memory = noise)
            DropoutNoise.FillBFloat16(memory, StreamLength, StreamP, Seed, threads);
        // 1/0.9 = 1.1111 rounds to bfloat16 1.109375 (0x3F8E), as libtorch's division in bfloat16 gives.
        using var libtorchScale = (ones(1, dtype: ScalarType.BFloat16) / (1 - StreamP)).to_type(ScalarType.Float32);
        Assert.Equal(libtorchScale.item<float>(), BitConverter.UInt32BitsToSingle((uint)0x3F8E << 16));
        AssertFollowsTheSequentialStream(noise, (ushort)0x3F8E, (ushort)0);
    }

    [Theory]
    [InlineData(0.1)]
    [InlineData(0.5)]
    public void Drops_the_share_p_of_elements_and_neighbours_independently(double p)
    {
        manual_seed(3);
        using var scope = NewDisposeScope();
        const int count = 1 << 20;
        var kept = BertDropout.Apply(ones(count), p, training: true).ne(0).to_type(ScalarType.Float32);
        // Five standard errors of a binomial share.
        double dropped = 1 - kept.mean().item<float>();
        Assert.InRange(dropped, p - 5 * Math.Sqrt(p * (1 - p) / count), p + 5 * Math.Sqrt(p * (1 - p) / count));
        // Elements 2k and 2k + 1 share a 64-bit output: both dropped must be as likely as p².
        var pairs = kept.view(count / 2, 2);
        double bothDropped = (1 - pairs[.., 0]).mul(1 - pairs[.., 1]).mean().item<float>();
        double pairError = Math.Sqrt(p * p * (1 - p * p) / (count / 2));
        Assert.InRange(bothDropped, p * p - 5 * pairError, p * p + 5 * pairError);
    }

    [Fact]
    public void Keeps_values_scaled_by_1_over_1_minus_p_and_backward_multiplies_by_the_same_noise()
    {
        manual_seed(4);
        using var scope = NewDisposeScope();
        var input = randn(64, 300).requires_grad_();
        var output = BertDropout.Apply(input, 0.25, training: true);
        var keptMask = output.ne(0);
        Assert.True(output.masked_select(keptMask).allclose(input.masked_select(keptMask) / 0.75, rtol: 1e-6, atol: 0));
        output.sum().backward();
        Assert.True(input.grad!.eq(keptMask.to_type(ScalarType.Float32) / 0.75f).all().item<bool>());
    }

    [Fact]
    public void Bfloat16_input_gives_bfloat16_output_with_the_same_masking()
    {
        manual_seed(6);
        using var scope = NewDisposeScope();
        var input = randn(40, 500).to_type(ScalarType.BFloat16);
        var output = BertDropout.Apply(input, 0.1, training: true);
        Assert.Equal(ScalarType.BFloat16, output.dtype);
        var keptMask = output.ne(0);
        Assert.True(output.masked_select(keptMask).eq(input.masked_select(keptMask) * (ones(1, dtype: ScalarType.BFloat16) / 0.9)).all().item<bool>());
    }

    [Fact]
    public void Manual_seed_repeats_the_noise_and_successive_calls_differ()
    {
        using var scope = NewDisposeScope();
        var input = ones(10_000);
        manual_seed(7);
        var first = BertDropout.Apply(input, 0.1, training: true);
        var second = BertDropout.Apply(input, 0.1, training: true);
        manual_seed(7);
        var repeated = BertDropout.Apply(input, 0.1, training: true);
        Assert.True(first.eq(repeated).all().item<bool>());
        Assert.False(first.eq(second).all().item<bool>());
    }

    [Fact]
    public void Evaluation_and_p_0_return_the_input_p_1_zeros_it_and_other_p_are_refused()
    {
        using var scope = NewDisposeScope();
        var input = randn(100);
        Assert.Same(input, BertDropout.Apply(input, 0.1, training: false));
        Assert.Same(input, BertDropout.Apply(input, 0.0, training: true));
        Assert.Equal(0, BertDropout.Apply(input, 1.0, training: true).count_nonzero().item<long>());
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => BertDropout.Apply(input, 1.5, training: true));
        Assert.Contains("between 0 and 1", error.Message);
    }

    [Fact]
    public void Dropout_layer_is_active_in_training_mode_only()
    {
        using var scope = NewDisposeScope();
        using var layer = new DropoutLayer(0.5);
        var input = ones(1000);
        layer.train();
        Assert.True(layer.forward(input).eq(0).any().item<bool>());
        layer.eval();
        Assert.True(layer.forward(input).eq(input).all().item<bool>());
    }
}
