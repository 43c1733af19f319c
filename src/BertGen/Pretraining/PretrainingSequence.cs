namespace BertGen.Pretraining;

/// <summary>
/// A pretraining sequence as the trainer sees it: the unmasked example and, for held-out sequences and under
/// static masking, the masks drawn for it once; otherwise masks are drawn afresh each epoch.
/// </summary>
public sealed record PretrainingSequence(PretrainingExample Example, MaskedExample? FixedMask = null);
