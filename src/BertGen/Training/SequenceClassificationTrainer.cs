using System.Diagnostics;
using BertGen.Checkpoints;
using BertGen.Data;
using BertGen.Modeling;
using BertGen.Tokenization;
using TorchSharp;
using static TorchSharp.torch;

namespace BertGen.Training;

/// <summary>
/// Fine-tunes a sequence classifier (SPEC §4, with §5's additions): AdamW with decoupled weight decay on
/// weights only, linear warm-up and decay, gradient clipping and accumulation, optional frozen encoder;
/// validation each epoch with loss, accuracy, per-class precision/recall/F1 and the confusion matrix; the
/// best epoch's model kept in the output folder with its tokenizer, metrics.json/csv and training.png;
/// a checkpoint each epoch to resume from; early stopping.
/// </summary>
public static class SequenceClassificationTrainer
{
    public static TrainingResult Train<TModel>(TModel model, BertTokenizer tokenizer, LabelMap labels,
        IReadOnlyList<LabeledText> train, IReadOnlyList<LabeledText> validation, string outputFolder,
        TrainingOptions options, ITrainingProgress? progress = null, Device? device = null, CancellationToken cancellation = default)
        where TModel : nn.Module, ISequenceClassifier
    {
        options.Validate();
        progress ??= SilentProgress.Instance;
        device ??= Runtime.ComputeDevices.Select();
        if (train.Count == 0)
            throw new ArgumentException("there are no training examples", nameof(train));
        if (validation.Count == 0)
            throw new ArgumentException("there are no validation examples", nameof(validation));
        if (model.Config.NumLabels != labels.Count)
            throw new ArgumentException($"the model has {model.Config.NumLabels} outputs but the data has {labels.Count} labels ({string.Join(", ", labels.Names)})");
        if (model.Config.LabelNames is { } modelLabels && !modelLabels.SequenceEqual(labels.Names))
            throw new ArgumentException($"the model's labels are {string.Join(", ", modelLabels)} (by id) but the data's are {string.Join(", ", labels.Names)}");

        var encodeOptions = new BertEncodeOptions { MaxLength = options.MaxLength };
        var trainSet = Encode(tokenizer, train, labels, encodeOptions);
        var validationSet = Encode(tokenizer, validation, labels, encodeOptions);
        var folderOptions = new ModelFolderOptions { VocabularyPath = tokenizer.VocabularyPath, LowerCase = tokenizer.LowerCase, MaxLength = options.MaxLength, Preprocessing = options.Preprocessing };

        model.to(device);
        if (options.FreezeEncoder)
            ParameterGroups.FreezeEncoder(model);
        var trainable = model.parameters().Where(p => p.requires_grad).ToList();
        using var optimizer = ParameterGroups.CreateOptimizer(model, options.LearningRate, options.WeightDecay);
        var schedule = LearningRateSchedule.ForRun(options.LearningRate, trainSet.Count, options.BatchSize, options.GradientAccumulationSteps, options.Epochs, options.WarmupRatio);

        var state = new TrainingState<EpochMetrics> { Seed = options.Seed, BatchSize = options.BatchSize };
        if (options.Resume && TrainingCheckpoints.Latest(outputFolder) is { } checkpoint)
        {
            state = TrainingCheckpoints.Restore<EpochMetrics>(checkpoint, model, optimizer);
            if (state.Seed != options.Seed || state.BatchSize != options.BatchSize)
                throw new InvalidOperationException($"{checkpoint}: was made with seed {state.Seed} and batch size {state.BatchSize}; resume with the same settings (got {options.Seed} and {options.BatchSize})");
            progress.Message($"Resuming after epoch {state.EpochsCompleted} from {checkpoint}");
        }

        // Training and validation forward passes run on this thread, in the chosen precision.
        using var precision = MixedPrecision.Enable(options.Precision);
        bool stoppedEarly = false;
        for (int epoch = state.EpochsCompleted + 1; epoch <= options.Epochs; epoch++)
        {
            cancellation.ThrowIfCancellationRequested();
            var clock = Stopwatch.StartNew();
            // Data order and dropout come from (seed, epoch) alone, so a resumed run repeats this epoch exactly.
            int epochSeed = options.Seed + epoch;
            manual_seed(epochSeed);
            if (device.type == DeviceType.CUDA)
                cuda.manual_seed_all(epochSeed);
            var batches = BatchPlanner.Plan(trainSet.Select(e => e.Length).ToList(), options.BatchSize, shuffle: true, options.GroupByLength, new Random(epochSeed));

            model.train();
            progress.EpochStarted(epoch, options.Epochs, batches.Count);
            var totals = TrainingEpoch.Run(epoch, batches.Count, b =>
            {
                var batch = BatchCollator.Collate(batches[b].Select(i => trainSet[i]).ToList(), options.Padding, options.MaxLength, tokenizer.PaddingTokenId, device, options.PadToMultipleOf);
                return new BatchLoss(model.Forward(batch.Inputs, batch.Labels).Loss!, batches[b].Length, batch.PaddedTokens, batch.RealTokens);
            }, optimizer, trainable, schedule, state.OptimizerSteps, options.GradientAccumulationSteps, options.MaxGradNorm, progress, cancellation);
            double seconds = clock.Elapsed.TotalSeconds;

            var evaluation = Evaluator.Evaluate(model, validationSet, labels.Names, options.BatchSize, tokenizer.PaddingTokenId, device, progress, epoch,
                options.PadToMultipleOf, options.MaxLength);
            var metrics = new EpochMetrics
            {
                Epoch = epoch,
                TrainLoss = totals.MeanLoss,
                ValidationLoss = evaluation.Loss,
                ValidationAccuracy = evaluation.Metrics.Accuracy,
                MacroF1 = evaluation.Metrics.MacroF1,
                PerClass = evaluation.Metrics.PerClass,
                ConfusionMatrix = evaluation.Metrics.ConfusionMatrix,
                LearningRate = totals.LearningRate,
                Seconds = seconds,
                TokensProcessed = totals.PaddedTokens,
                RealTokens = totals.RealTokens,
                ResidentMegabytes = Runtime.ResidentMemory.CurrentBytes() / Runtime.ResidentMemory.BytesPerMegabyte,
                PeakResidentMegabytes = Runtime.ResidentMemory.PeakBytes() / Runtime.ResidentMemory.BytesPerMegabyte,
            };

            double score = options.BestMetric switch
            {
                SelectionMetric.Accuracy => metrics.ValidationAccuracy,
                SelectionMetric.MacroF1 => metrics.MacroF1,
                _ => -metrics.ValidationLoss,
            };
            state = state.AfterEpoch(epoch, totals.OptimizerSteps, metrics, score, out bool best);
            TrainingCheckpoints.CompleteEpoch(outputFolder, model, model.Config, optimizer, state, best, "BertGen fine-tuning", folderOptions);
            progress.EpochDone(metrics, best);

            if (options.EarlyStoppingPatience is { } patience && state.EpochsWithoutImprovement >= patience && epoch < options.Epochs)
            {
                progress.Message($"Stopping early: {options.BestMetric} has not improved for {patience} epoch(s); the best was epoch {state.BestEpoch}.");
                stoppedEarly = true;
                break;
            }
        }
        return new TrainingResult(state.History, state.BestEpoch, outputFolder, stoppedEarly);
    }

    /// <summary>Tokenizes every example on all cores.</summary>
    public static List<EncodedExample> Encode(BertTokenizer tokenizer, IReadOnlyList<LabeledText> examples, LabelMap labels, BertEncodeOptions options)
    {
        var ids = examples.Select(labels.Id).ToArray();
        var encodings = tokenizer.EncodeMany(examples.Select(e => e.Text).ToList(), options: options);
        return encodings.Select((e, i) => new EncodedExample(e.InputIds, e.TokenTypeIds, ids[i])).ToList();
    }
}
