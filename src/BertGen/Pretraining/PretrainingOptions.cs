using BertGen.Training;

namespace BertGen.Pretraining;

/// <summary>
/// What pretraining adds to the <see cref="TrainingOptions"/> every task shares: the objectives, masking and the
/// held-out slice of documents. Pretraining's usual optimisation settings are <see cref="DefaultTraining"/>.
/// </summary>
public sealed record PretrainingOptions
{
    /// <summary>
    /// The training settings pretraining starts from: a higher learning rate than fine-tuning (1e-4) with 10%
    /// warm-up, one epoch, batches of 32 sequences of at most 128 tokens (BERT's first phase).
    /// </summary>
    public static TrainingOptions DefaultTraining { get; } = new() { LearningRate = 1e-4, WarmupRatio = 0.1, Epochs = 1, BatchSize = 32, MaxLength = 128 };

    /// <summary>Train next-sentence prediction with masked LM (BERT's recipe); masked LM alone when false.</summary>
    public bool NextSentencePrediction { get; init; } = true;

    public double MaskProbability { get; init; } = MaskedLanguageModeling.DefaultProbability;

    /// <summary>Mask all pieces of a word together.</summary>
    public bool WholeWordMasking { get; init; }

    /// <summary>Draw the masks once, as the original BERT did, instead of afresh each epoch.</summary>
    public bool StaticMasking { get; init; }

    /// <summary>Fraction of the documents held out to measure masked-LM and next-sentence accuracy.</summary>
    public double ValidationFraction { get; init; } = 0.05;

    public void Validate()
    {
        if (MaskProbability is <= 0 or >= 1)
            throw new ArgumentException($"the mask probability must be in (0, 1) (got {MaskProbability})");
        if (ValidationFraction is <= 0 or >= 1)
            throw new ArgumentException($"the validation fraction must be in (0, 1) (got {ValidationFraction})");
    }
}
