using static TorchSharp.torch;

namespace BertGen.Checkpoints;

/// <summary>What a checkpoint says of one tensor before its data is read.</summary>
public sealed record TensorInfo(string Name, ScalarType DType, long[] Shape)
{
    public long ElementCount => Shape.Aggregate(1L, (product, size) => product * size);

    public string ShapeText => "[" + string.Join(", ", Shape) + "]";
}
