using static TorchSharp.torch;

namespace BertGen.Modeling;

/// <summary>
/// The inputs of every BERT forward: token ids (batch, sequence) — or (batch, choices, sequence) for
/// multiple choice — with an optional attention mask (1 real token, 0 padding; all ones when null)
/// and optional token type ids (segment A = 0, B = 1; all zeros when null).
/// </summary>
public sealed record BertInputs(Tensor InputIds, Tensor? AttentionMask = null, Tensor? TokenTypeIds = null)
{
    /// <summary>Also return the embedding output and every layer's output.</summary>
    public bool OutputHiddenStates { get; init; }

    /// <summary>The same inputs with the leading (batch, choices) dimensions merged into one.</summary>
    public BertInputs FlattenChoices()
    {
        Tensor Flatten(Tensor t) => t.view(-1, t.shape[^1]);
        return this with
        {
            InputIds = Flatten(InputIds),
            AttentionMask = AttentionMask is null ? null : Flatten(AttentionMask),
            TokenTypeIds = TokenTypeIds is null ? null : Flatten(TokenTypeIds),
        };
    }

    /// <summary>Throws unless the ids have <paramref name="dimensions"/> dimensions and the masks match their shape.</summary>
    public void EnsureShape(int dimensions, string shapeDescription)
    {
        if (InputIds.dim() != dimensions)
            throw new ArgumentException($"input ids have shape [{string.Join(", ", InputIds.shape)}]; expected {shapeDescription}.", nameof(InputIds));
        foreach (var (name, tensor) in new[] { ("attention mask", AttentionMask), ("token type ids", TokenTypeIds) })
        {
            if (tensor is not null && !tensor.shape.SequenceEqual(InputIds.shape))
                throw new ArgumentException($"{name} have shape [{string.Join(", ", tensor.shape)}]; expected the input ids' shape [{string.Join(", ", InputIds.shape)}].");
        }
    }
}
