using static TorchSharp.torch;

namespace BertGen.Modeling;

// The typed outputs of each head. HiddenStates, when asked for, holds the embedding output followed by
// every layer's output, each (batch, sequence, hidden). Loss is present only when labels were given.

/// <summary>The encoder's output: last hidden state (batch, sequence, hidden) and pooled [CLS] (batch, hidden).</summary>
public sealed record BertEncoderOutput(Tensor LastHiddenState, Tensor? PooledOutput, IReadOnlyList<Tensor>? HiddenStates);

/// <summary>Logits (batch, labels).</summary>
public sealed record SequenceClassifierOutput(Tensor? Loss, Tensor Logits, IReadOnlyList<Tensor>? HiddenStates);

/// <summary>Logits (batch, sequence, labels).</summary>
public sealed record TokenClassifierOutput(Tensor? Loss, Tensor Logits, IReadOnlyList<Tensor>? HiddenStates);

/// <summary>Start and end logits, each (batch, sequence).</summary>
public sealed record QuestionAnsweringOutput(Tensor? Loss, Tensor StartLogits, Tensor EndLogits, IReadOnlyList<Tensor>? HiddenStates);

/// <summary>Vocabulary logits (batch, sequence, vocab).</summary>
public sealed record MaskedLMOutput(Tensor? Loss, Tensor Logits, IReadOnlyList<Tensor>? HiddenStates);

/// <summary>IsNext (0) / NotNext (1) logits (batch, 2).</summary>
public sealed record NextSentencePredictorOutput(Tensor? Loss, Tensor Logits, IReadOnlyList<Tensor>? HiddenStates);

/// <summary>Masked-LM logits (batch, sequence, vocab) and next-sentence logits (batch, 2); loss is their sum.</summary>
public sealed record PreTrainingOutput(Tensor? Loss, Tensor PredictionLogits, Tensor SeqRelationshipLogits, IReadOnlyList<Tensor>? HiddenStates);

/// <summary>One score per choice (batch, choices); hidden states are per (batch × choices) row.</summary>
public sealed record MultipleChoiceOutput(Tensor? Loss, Tensor Logits, IReadOnlyList<Tensor>? HiddenStates);
