namespace BertGen.Pretraining;

/// <summary>Pretraining settings; training mechanics (AdamW, schedule, clipping, accumulation, seed) are shared with fine-tuning.</summary>
public sealed record PretrainingOptions
{
    /// <summary>Train next-sentence prediction with masked LM (BERT's recipe); masked LM alone when false.</summary>
    public bool NextSentencePrediction { get; init; } = true;

    /// <summary>Longest sequence in tokens ([CLS] A [SEP] B [SEP]).</summary>
    public int MaxLength { get; init; } = 128;

    public double MaskProbability { get; init; } = MaskedLanguageModeling.DefaultProbability;

    /// <summary>Mask all pieces of a word together.</summary>
    public bool WholeWordMasking { get; init; }

    /// <summary>Draw the masks once, as the original BERT did, instead of afresh each epoch.</summary>
    public bool StaticMasking { get; init; }

    /// <summary>Fraction of the documents held out to measure masked-LM and next-sentence accuracy.</summary>
    public double ValidationFraction { get; init; } = 0.05;

    public double LearningRate { get; init; } = 1e-4;
    public double WeightDecay { get; init; } = 0.01;
    public double WarmupRatio { get; init; } = 0.1;
    public int Epochs { get; init; } = 1;
    public int BatchSize { get; init; } = 32;
    public int GradientAccumulationSteps { get; init; } = 1;
    public double MaxGradNorm { get; init; } = 1.0;
    public int Seed { get; init; } = 42;
    public bool Resume { get; init; }

    /// <summary>Float32, or bfloat16 mixed precision (see <see cref="Modeling.MixedPrecision"/>).</summary>
    public Modeling.ComputePrecision Precision { get; init; } = Modeling.ComputePrecision.Float32;
}
