using System.Diagnostics;
using BertGen.Checkpoints;
using BertGen.Data;
using BertGen.Modeling;
using BertGen.Tokenization;
using BertGen.Training;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace BertGen.Pretraining;

/// <summary>
/// Pretrains a masked-LM (+ next-sentence) model on documents with the fine-tuning machinery: AdamW with
/// weight decay on weights only, warm-up and linear decay, clipping, accumulation, per-epoch checkpoints and
/// resume, progress, and on a held-out slice of the documents the masked-LM loss and accuracy (at masked
/// positions) and the next-sentence loss and accuracy. The epoch with the lowest held-out masked-LM loss is
/// saved as a Hugging Face model folder with its vocabulary, ready for <c>bertgen finetune --model</c>.
/// </summary>
public static class PretrainingTrainer
{
    public static IReadOnlyList<PretrainingMetrics> Train<TModel>(TModel model, BertTokenizer tokenizer, IReadOnlyList<CorpusDocument> documents, string outputFolder,
        PretrainingOptions options, ITrainingProgress? progress = null, Device? device = null, CancellationToken cancellation = default)
        where TModel : nn.Module, IPretrainable
    {
        progress ??= SilentProgress.Instance;
        device ??= Runtime.ComputeDevices.Select();
        if (options.NextSentencePrediction != model.PredictsNextSentence)
            throw new ArgumentException(model.PredictsNextSentence ? "the model predicts next sentences; pretrain it with next-sentence prediction" : "the model has no next-sentence head; pretrain it with masked LM only");

        // Held-out documents, not sequences, so no text is both trained on and measured.
        var shuffled = documents.ToArray();
        new Random(options.Seed).Shuffle(shuffled);
        int held = Math.Max(1, (int)Math.Round(shuffled.Length * options.ValidationFraction));
        if (shuffled.Length - held < 2)
            throw new ArgumentException($"pretraining needs at least 3 documents (got {documents.Count})");
        var builder = new PretrainingExampleBuilder(tokenizer, options.MaxLength, options.NextSentencePrediction);
        var train = builder.Build(shuffled[held..], new Random(options.Seed + 1));
        var validation = builder.Build(shuffled[..held], new Random(options.Seed + 2));
        var masking = new MaskedLanguageModeling(tokenizer, options.MaskProbability, options.WholeWordMasking);
        var validationRandom = new Random(options.Seed + 3);
        var maskedValidation = validation.Select(e => masking.Mask(e, validationRandom)).ToList();
        var staticRandom = new Random(options.Seed + 4);
        var staticMasks = options.StaticMasking ? train.Select(e => masking.Mask(e, staticRandom)).ToList() : null;
        progress.Message($"Pretraining on {train.Count} sequences from {shuffled.Length - held} documents; {validation.Count} held-out sequences from {held} documents");

        model.to(device);
        var trainable = model.parameters().Where(p => p.requires_grad).ToList();
        using var optimizer = ParameterGroups.CreateOptimizer(model, options.LearningRate, options.WeightDecay);
        var schedule = LearningRateSchedule.ForRun(options.LearningRate, train.Count, options.BatchSize, options.GradientAccumulationSteps, options.Epochs, options.WarmupRatio);
        var folderOptions = new ModelFolderOptions { VocabularyPath = tokenizer.VocabularyPath, LowerCase = tokenizer.LowerCase, MaxLength = options.MaxLength };

        var state = new TrainingState<PretrainingMetrics> { Seed = options.Seed, BatchSize = options.BatchSize };
        if (options.Resume && TrainingCheckpoints.Latest(outputFolder) is { } checkpoint)
        {
            state = TrainingCheckpoints.Restore<PretrainingMetrics>(checkpoint, model, optimizer);
            progress.Message($"Resuming after epoch {state.EpochsCompleted} from {checkpoint}");
        }

        using var precision = Modeling.MixedPrecision.Enable(options.Precision);
        for (int epoch = state.EpochsCompleted + 1; epoch <= options.Epochs; epoch++)
        {
            cancellation.ThrowIfCancellationRequested();
            var clock = Stopwatch.StartNew();
            int epochSeed = options.Seed + epoch;
            manual_seed(epochSeed);
            var batches = BatchPlanner.Plan(train.Select(e => e.Length).ToList(), options.BatchSize, shuffle: true, groupByLength: true, new Random(epochSeed));
            // Fresh masks each epoch (unless static), drawn in batch order from a generator of this epoch alone.
            var maskRandom = new Random(epochSeed * 7919);
            model.train();
            progress.EpochStarted(epoch, options.Epochs, batches.Count);
            var totals = TrainingEpoch.Run(epoch, batches.Count, b =>
            {
                var masked = batches[b].Select(i => staticMasks?[i] ?? masking.Mask(train[i], maskRandom)).ToList();
                var batch = PretrainingBatch.Collate(masked, tokenizer.PaddingTokenId, device);
                return new BatchLoss(model.Pretrain(batch.Inputs, batch.Labels, batch.NextSentenceLabels).Loss, masked.Count, batch.PaddedTokens, batch.RealTokens);
            }, optimizer, trainable, schedule, state.OptimizerSteps, options.GradientAccumulationSteps, options.MaxGradNorm, progress, cancellation);
            double seconds = clock.Elapsed.TotalSeconds;

            var metrics = Evaluate(model, maskedValidation, options.BatchSize, tokenizer.PaddingTokenId, device, progress, epoch) with
            {
                Epoch = epoch,
                TrainLoss = totals.MeanLoss,
                LearningRate = totals.LearningRate,
                Seconds = seconds,
                TokensProcessed = totals.PaddedTokens,
                PeakResidentMegabytes = Runtime.ResidentMemory.PeakBytes() / Runtime.ResidentMemory.BytesPerMegabyte,
            };
            state = state.AfterEpoch(epoch, totals.OptimizerSteps, metrics, -metrics.MlmLoss, out bool best);
            TrainingCheckpoints.CompleteEpoch(outputFolder, model, model.Config, optimizer, state, best, "BertGen pretraining", folderOptions);
            progress.EpochDone(metrics, best);
        }
        return state.History;
    }

    /// <summary>Masked-LM loss and accuracy over all masked positions, and next-sentence loss and accuracy, without gradients.</summary>
    public static PretrainingMetrics Evaluate<TModel>(TModel model, IReadOnlyList<MaskedExample> examples, int batchSize, int padTokenId, Device device,
        ITrainingProgress? progress = null, int epoch = 0) where TModel : nn.Module, IPretrainable
    {
        progress ??= SilentProgress.Instance;
        model.eval();
        using var noGrad = no_grad();
        var batches = BatchPlanner.Plan(examples.Select(e => e.InputIds.Length).ToList(), batchSize, shuffle: false, groupByLength: true, new Random(0));
        double mlmLossSum = 0, nspLossSum = 0;
        long masked = 0, mlmCorrect = 0, nspCorrect = 0;
        progress.EvaluationStarted(epoch, batches.Count);
        for (int b = 0; b < batches.Count; b++)
        {
            using var scope = NewDisposeScope();
            var batch = PretrainingBatch.Collate(batches[b].Select(i => examples[i]).ToList(), padTokenId, device);
            var output = model.Pretrain(batch.Inputs, batch.Labels, batch.NextSentenceLabels);
            mlmLossSum += F.cross_entropy(output.MaskedLogits, output.MaskedLabels, reduction: nn.Reduction.Sum).item<float>();
            masked += output.MaskedLabels.numel();
            mlmCorrect += output.MaskedLogits.argmax(-1).eq(output.MaskedLabels).sum().item<long>();
            if (output.SeqRelationshipLogits is { } nsp)
            {
                nspLossSum += F.cross_entropy(nsp, batch.NextSentenceLabels, reduction: nn.Reduction.Sum).item<float>();
                nspCorrect += nsp.argmax(-1).eq(batch.NextSentenceLabels).sum().item<long>();
            }
            progress.EvaluationBatchDone(epoch, b + 1);
        }
        bool withNsp = model.PredictsNextSentence;
        return new PretrainingMetrics
        {
            MlmLoss = masked == 0 ? 0 : mlmLossSum / masked,
            MlmAccuracy = masked == 0 ? 0 : (double)mlmCorrect / masked,
            NspLoss = withNsp ? nspLossSum / Math.Max(1, examples.Count) : null,
            NspAccuracy = withNsp ? (double)nspCorrect / Math.Max(1, examples.Count) : null,
        };
    }
}
