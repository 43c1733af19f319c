using static TorchSharp.torch;

namespace BertGen.Checkpoints.Pickle;

// The only values the restricted unpickler builds besides strings, numbers, booleans, None, tuples
// (object?[]) and lists: what a PyTorch state dict is made of.

/// <summary>A module-level name the pickle refers to (always one of the allowed ones).</summary>
internal sealed record PickleGlobal(string Module, string Name)
{
    public override string ToString() => $"{Module}.{Name}";
}

/// <summary>A dict or OrderedDict, in insertion order.</summary>
internal sealed class PickleDict : List<KeyValuePair<object, object?>>;

/// <summary>A tensor storage saved as <c>data/{Key}</c> in the archive.</summary>
internal sealed record StorageRef(ScalarType DType, string Key, long ElementCount);

/// <summary>A tensor: a strided view of a storage (<c>torch._utils._rebuild_tensor_v2</c>).</summary>
internal sealed record TensorRef(StorageRef Storage, long Offset, long[] Shape, long[] Stride);
