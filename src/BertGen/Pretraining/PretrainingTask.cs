using BertGen.Checkpoints;
using BertGen.Data;
using BertGen.Modeling;
using BertGen.Tokenization;
using BertGen.Training;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace BertGen.Pretraining;

/// <summary>
/// Masked-LM (+ next-sentence) pretraining as a task of the <see cref="Trainer"/>: masks drawn per batch from the
/// epoch's random source (or once, when static), the loss over masked positions only, and on held-out sequences
/// the masked-LM loss and accuracy at masked positions and the next-sentence loss and accuracy. The best epoch is
/// the one with the lowest held-out masked-LM loss.
/// </summary>
public sealed class PretrainingTask : ITrainingTask<IPretrainable, PretrainingSequence, PretrainingMetrics>
{
    private readonly BertTokenizer tokenizer;
    private readonly PretrainingOptions pretraining;
    private readonly TrainingOptions options;
    private readonly MaskedLanguageModeling masking;

    public PretrainingTask(BertTokenizer tokenizer, PretrainingOptions pretraining, TrainingOptions options)
    {
        pretraining.Validate();
        this.tokenizer = tokenizer;
        this.pretraining = pretraining;
        this.options = options;
        masking = new MaskedLanguageModeling(tokenizer, pretraining.MaskProbability, pretraining.WholeWordMasking);
        FolderOptions = new ModelFolderOptions { VocabularyPath = tokenizer.VocabularyPath, LowerCase = tokenizer.LowerCase, MaxLength = options.MaxLength };
    }

    public string Title => "BertGen pretraining";

    public IReadOnlyList<string> SelectableMetrics { get; } = ["val_mlm_loss", "val_mlm_accuracy", "val_nsp_loss", "val_nsp_accuracy"];

    public ModelFolderOptions FolderOptions { get; }

    public void CheckModel(IPretrainable model)
    {
        if (pretraining.NextSentencePrediction != model.PredictsNextSentence)
            throw new ArgumentException(model.PredictsNextSentence ? "the model predicts next sentences; pretrain it with next-sentence prediction" : "the model has no next-sentence head; pretrain it with masked LM only");
    }

    /// <summary>
    /// Builds the training and held-out sequences from <paramref name="documents"/>, holding out whole documents
    /// (not sequences) so that no text is both trained on and measured. Held-out sequences are masked once.
    /// </summary>
    public (List<PretrainingSequence> Train, List<PretrainingSequence> Validation) Build(IReadOnlyList<CorpusDocument> documents)
    {
        var shuffled = documents.ToArray();
        new Random(options.Seed).Shuffle(shuffled);
        int held = Math.Max(1, (int)Math.Round(shuffled.Length * pretraining.ValidationFraction));
        if (shuffled.Length - held < 2)
            throw new ArgumentException($"pretraining needs at least 3 documents (got {documents.Count})");
        var builder = new PretrainingExampleBuilder(tokenizer, options.MaxLength, pretraining.NextSentencePrediction);
        var train = builder.Build(shuffled[held..], new Random(options.Seed + 1));
        var validation = builder.Build(shuffled[..held], new Random(options.Seed + 2));
        var validationRandom = new Random(options.Seed + 3);
        var staticRandom = new Random(options.Seed + 4);
        return (
            train.Select(e => new PretrainingSequence(e, pretraining.StaticMasking ? masking.Mask(e, staticRandom) : null)).ToList(),
            validation.Select(e => new PretrainingSequence(e, masking.Mask(e, validationRandom))).ToList());
    }

    public int Length(PretrainingSequence sequence) => sequence.Example.Length;

    public BatchLoss Loss(IPretrainable model, IReadOnlyList<PretrainingSequence> sequences, BatchContext context)
    {
        // Fresh masks each epoch (unless static), drawn in batch order from the epoch's own random source.
        var masked = sequences.Select(s => s.FixedMask ?? masking.Mask(s.Example, context.Augmentation)).ToList();
        var batch = Collate(masked, context);
        return new BatchLoss(model.Pretrain(batch.Inputs, batch.Labels, batch.NextSentenceLabels).Loss, masked.Count, batch.PaddedTokens, batch.RealTokens);
    }

    /// <summary>Masked-LM loss and accuracy over all masked positions, and next-sentence loss and accuracy.</summary>
    public PretrainingMetrics Evaluate(IPretrainable model, IReadOnlyList<PretrainingSequence> sequences, EpochTraining training, BatchContext context)
    {
        var examples = sequences.Select(s => s.FixedMask ?? throw new ArgumentException("held-out sequences must be masked (build them with PretrainingTask.Build)")).ToList();
        var batches = BatchPlanner.ForScoring(examples.Select(e => e.InputIds.Length).ToList(), context.Options.BatchSize);
        double mlmLossSum = 0, nspLossSum = 0;
        long masked = 0, mlmCorrect = 0, nspCorrect = 0;
        context.Progress.EvaluationStarted(context.Epoch, batches.Count);
        for (int b = 0; b < batches.Count; b++)
        {
            Runtime.CpuThreads.Tick();
            using var scope = NewDisposeScope();
            var batch = Collate(batches[b].Select(i => examples[i]).ToList(), context);
            var output = model.Pretrain(batch.Inputs, batch.Labels, batch.NextSentenceLabels);
            mlmLossSum += F.cross_entropy(output.MaskedLogits, output.MaskedLabels, reduction: nn.Reduction.Sum).item<float>();
            masked += output.MaskedLabels.numel();
            mlmCorrect += output.MaskedLogits.argmax(-1).eq(output.MaskedLabels).sum().item<long>();
            if (output.SeqRelationshipLogits is { } nsp)
            {
                nspLossSum += F.cross_entropy(nsp, batch.NextSentenceLabels, reduction: nn.Reduction.Sum).item<float>();
                nspCorrect += nsp.argmax(-1).eq(batch.NextSentenceLabels).sum().item<long>();
            }
            context.Progress.EvaluationBatchDone(context.Epoch, b + 1);
        }
        bool withNsp = model.PredictsNextSentence;
        return new PretrainingMetrics
        {
            MlmLoss = masked == 0 ? 0 : mlmLossSum / masked,
            MlmAccuracy = masked == 0 ? 0 : (double)mlmCorrect / masked,
            NspLoss = withNsp ? nspLossSum / Math.Max(1, examples.Count) : null,
            NspAccuracy = withNsp ? (double)nspCorrect / Math.Max(1, examples.Count) : null,
        }.WithTraining(training);
    }

    private PretrainingBatch Collate(IReadOnlyList<MaskedExample> examples, BatchContext context) =>
        PretrainingBatch.Collate(examples, tokenizer.PaddingTokenId, context.Device, context.Options.PadToMultipleOf, context.Options.MaxLength);
}
