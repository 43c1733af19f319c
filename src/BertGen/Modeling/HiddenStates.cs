using static TorchSharp.torch;

namespace BertGen.Modeling;

/// <summary>Helpers for the optional per-layer hidden states of a forward.</summary>
public static class HiddenStates
{
    /// <summary>
    /// Moves hidden states made inside a forward's dispose scope to the caller's scope, so the caller
    /// owns exactly the tensors it asked for.
    /// </summary>
    public static IReadOnlyList<Tensor>? MoveToOuterDisposeScope(IReadOnlyList<Tensor>? hiddenStates) =>
        hiddenStates?.Select(h => h.MoveToOuterDisposeScope()).ToArray();
}
