using BertGen.Modeling;
using static TorchSharp.torch;

namespace BertGen.Tests.Modeling;

/// <summary>Fixed inputs: a batch of two sequences of 10 tokens, the second padded after 6; one sequence with and without padding.</summary>
internal static class TestInputs
{
    public const int Batch = 2, Length = 10;

    public static BertInputs Padded()
    {
        var ids = tensor(new long[]
        {
            101, 17, 45, 99, 250, 31, 7, 88, 64, 102,
            101, 23, 5, 140, 77, 102, 0, 0, 0, 0,
        }).reshape(Batch, Length);
        var mask = tensor(new long[]
        {
            1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
            1, 1, 1, 1, 1, 1, 0, 0, 0, 0,
        }).reshape(Batch, Length);
        var types = tensor(new long[]
        {
            0, 0, 0, 0, 0, 1, 1, 1, 1, 1,
            0, 0, 0, 1, 1, 1, 0, 0, 0, 0,
        }).reshape(Batch, Length);
        return new BertInputs(ids, mask, types);
    }

    /// <summary>One sequence of five tokens alone, and the same sequence followed by seven padding positions.</summary>
    public static (BertInputs Plain, BertInputs Padded) WithAndWithoutPadding()
    {
        var ids = tensor(new long[] { 101, 17, 45, 99, 102 }).reshape(1, 5);
        var padded = cat([ids, zeros(1, 7, dtype: ScalarType.Int64)], 1);
        var mask = cat([ones(1, 5, dtype: ScalarType.Int64), zeros(1, 7, dtype: ScalarType.Int64)], 1);
        return (new BertInputs(ids), new BertInputs(padded, mask));
    }
}
