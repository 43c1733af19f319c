using static TorchSharp.torch;

namespace BertGen.Checkpoints;

/// <summary>
/// The tensors of one checkpoint, read one at a time on demand so that a large checkpoint is never
/// held in memory twice (once as file data, once as model weights).
/// </summary>
public interface ITensorSource : IDisposable
{
    /// <summary>The file (or index file) the tensors come from, for messages.</summary>
    string Path { get; }

    /// <summary>Every tensor's name, type and shape.</summary>
    IReadOnlyDictionary<string, TensorInfo> Tensors { get; }

    /// <summary>Reads tensor <paramref name="name"/> into a new CPU tensor of its stored type.</summary>
    Tensor Read(string name);
}
