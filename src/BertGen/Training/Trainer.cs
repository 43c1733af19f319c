using System.Diagnostics;
using BertGen.Data;
using BertGen.Modeling;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BertGen.Training;

/// <summary>Builds a <see cref="Trainer{TModel, TExample, TMetrics}"/> with its types inferred from the model and the task.</summary>
public static class Trainer
{
    public static Trainer<TModel, TExample, TMetrics> Create<TModel, TExample, TMetrics>(TModel model, ITrainingTask<TModel, TExample, TMetrics> task,
        TrainingOptions options, ITrainingProgress? progress = null, Device? device = null)
        where TModel : IBertModel where TMetrics : IEpochSummary =>
        new(model, task, options, progress, device);
}

/// <summary>
/// The one training engine (SPEC §4-§5), shaped like Hugging Face's <c>Trainer</c>: built once from the model, the
/// task and the options, it runs AdamW with decoupled weight decay on weights only, linear warm-up and decay,
/// gradient clipping and accumulation, float32 or bfloat16, an optionally frozen encoder and length-grouped
/// batches; after each epoch it scores the held-out examples, keeps the best epoch's model in the output folder
/// with metrics.json/csv and training.png, writes a checkpoint to resume from exactly, and stops early when asked.
/// The task (<see cref="ITrainingTask{TModel, TExample, TMetrics}"/>) says what a batch's loss is and how to score.
/// </summary>
public sealed class Trainer<TModel, TExample, TMetrics>
    where TModel : IBertModel
    where TMetrics : IEpochSummary
{
    private readonly TModel model;
    private readonly nn.Module module;
    private readonly ITrainingTask<TModel, TExample, TMetrics> task;
    private readonly TrainingOptions options;
    private readonly ITrainingProgress progress;
    private readonly Device device;
    private readonly BestMetric bestMetric;

    public Trainer(TModel model, ITrainingTask<TModel, TExample, TMetrics> task, TrainingOptions options, ITrainingProgress? progress = null, Device? device = null)
    {
        options.Validate();
        task.CheckModel(model);
        this.model = model;
        // The task sees the model through its head's interface; every generated [BertModel] class is also a module.
        module = model as nn.Module ?? throw new ArgumentException($"{model.GetType().Name} is not a TorchSharp module; train a generated [BertModel] class", nameof(model));
        this.task = task;
        this.options = options;
        this.progress = progress ?? SilentProgress.Instance;
        this.device = device ?? Runtime.ComputeDevices.Select();
        bestMetric = BestMetric.Resolve(options.BestMetric, task.SelectableMetrics);
    }

    /// <summary>
    /// Trains on <paramref name="train"/>, scoring <paramref name="validation"/> after each epoch, into
    /// <paramref name="outputFolder"/> (resuming from its last checkpoint when the options ask).
    /// </summary>
    public TrainingResult<TMetrics> Train(IReadOnlyList<TExample> train, IReadOnlyList<TExample> validation, string outputFolder, CancellationToken cancellation = default)
    {
        if (train.Count == 0)
            throw new ArgumentException("there are no training examples", nameof(train));
        if (validation.Count == 0)
            throw new ArgumentException("there are no validation examples", nameof(validation));

        module.to(device);
        if (options.FreezeEncoder)
            ParameterGroups.FreezeEncoder(module);
        var trainable = module.parameters().Where(p => p.requires_grad).ToList();
        using var optimizer = ParameterGroups.CreateOptimizer(module, options.LearningRate, options.WeightDecay);
        var schedule = LearningRateSchedule.ForRun(options.LearningRate, train.Count, options.BatchSize, options.GradientAccumulationSteps, options.Epochs, options.WarmupRatio);
        var state = Restore(outputFolder, optimizer);
        var lengths = train.Select(task.Length).ToList();

        // Training and validation forward passes run on this thread, in the chosen precision.
        using var precision = MixedPrecision.Enable(options.Precision);
        bool stoppedEarly = false;
        for (int epoch = state.EpochsCompleted + 1; epoch <= options.Epochs; epoch++)
        {
            cancellation.ThrowIfCancellationRequested();
            var clock = Stopwatch.StartNew();
            // Data order, dropout and augmentation come from (seed, epoch) alone, so a resumed run repeats this epoch exactly.
            int epochSeed = options.Seed + epoch;
            manual_seed(epochSeed);
            if (device.type == DeviceType.CUDA)
                cuda.manual_seed_all(epochSeed);
            var batches = BatchPlanner.Plan(lengths, options.BatchSize, shuffle: true, options.GroupByLength, new Random(epochSeed));
            var context = new BatchContext(device, options, new Random(epochSeed * 7919), progress, epoch);

            module.train();
            progress.EpochStarted(epoch, options.Epochs, batches.Count);
            var (training, optimizerSteps) = RunEpoch(epoch, batches.Select(b => (IReadOnlyList<TExample>)b.Select(i => train[i]).ToList()).ToList(), context, optimizer, trainable, schedule, state.OptimizerSteps, cancellation);
            training = training with { Seconds = clock.Elapsed.TotalSeconds };

            module.eval();
            TMetrics metrics;
            using (no_grad())
                metrics = task.Evaluate(model, validation, training, context with { Augmentation = new Random(0) });
            state = state.AfterEpoch(epoch, optimizerSteps, metrics, bestMetric.Score(metrics), out bool best);
            TrainingCheckpoints.CompleteEpoch(outputFolder, module, model.Config, optimizer, state, best, task.Title, task.FolderOptions);
            progress.EpochDone(metrics, best);

            if (options.EarlyStoppingPatience is { } patience && state.EpochsWithoutImprovement >= patience && epoch < options.Epochs)
            {
                progress.Message($"Stopping early: {bestMetric.Name} has not improved for {patience} epoch(s); the best was epoch {state.BestEpoch}.");
                stoppedEarly = true;
                break;
            }
        }
        return new TrainingResult<TMetrics>(state.History, state.BestEpoch, outputFolder, stoppedEarly);
    }

    /// <summary>Scores <paramref name="examples"/> with the model as it is (no training figures).</summary>
    public TMetrics Evaluate(IReadOnlyList<TExample> examples)
    {
        module.to(device);
        module.eval();
        using var precision = MixedPrecision.Enable(options.Precision);
        using var noGrad = no_grad();
        return task.Evaluate(model, examples, new EpochTraining(), new BatchContext(device, options, new Random(0), progress, 0));
    }

    private TrainingState<TMetrics> Restore(string outputFolder, AdamW optimizer)
    {
        var state = new TrainingState<TMetrics> { Seed = options.Seed, BatchSize = options.BatchSize };
        if (!options.Resume || TrainingCheckpoints.Latest(outputFolder) is not { } checkpoint)
            return state;
        state = TrainingCheckpoints.Restore<TMetrics>(checkpoint, module, optimizer);
        if (state.Seed != options.Seed || state.BatchSize != options.BatchSize)
            throw new InvalidOperationException($"{checkpoint}: was made with seed {state.Seed} and batch size {state.BatchSize}; resume with the same settings (got {options.Seed} and {options.BatchSize})");
        progress.Message($"Resuming after epoch {state.EpochsCompleted} from {checkpoint}");
        return state;
    }

    /// <summary>
    /// One epoch of optimisation: for each batch the task's loss, backward of it divided by the accumulation steps,
    /// and every <c>accumulation</c> batches (and at the end) clipping, the scheduled learning rate, the AdamW step
    /// and zeroed gradients. Each batch runs in its own dispose scope. Returns the epoch's figures and the count of
    /// optimiser steps taken so far in the run.
    /// </summary>
    private (EpochTraining Training, int OptimizerSteps) RunEpoch(int epoch, IReadOnlyList<IReadOnlyList<TExample>> batches, BatchContext context, AdamW optimizer,
        IReadOnlyList<Parameter> trainable, LearningRateSchedule schedule, int optimizerSteps, CancellationToken cancellation)
    {
        double lossSum = 0;
        long padded = 0, real = 0;
        int examples = 0;
        int accumulation = options.GradientAccumulationSteps;
        double learningRate = schedule.At(optimizerSteps);
        optimizer.zero_grad();
        for (int b = 0; b < batches.Count; b++)
        {
            Runtime.CpuThreads.Tick();
            cancellation.ThrowIfCancellationRequested();
            using (var scope = NewDisposeScope())
            {
                var batch = task.Loss(model, batches[b], context);
                (batch.Loss / accumulation).backward();
                double value = batch.Loss.item<float>();
                lossSum += value * batch.Examples;
                examples += batch.Examples;
                padded += batch.PaddedTokens;
                real += batch.RealTokens;
                progress.TrainingBatchDone(epoch, b + 1, value, batch.PaddedTokens);
            }
            if ((b + 1) % accumulation == 0 || b == batches.Count - 1)
            {
                nn.utils.clip_grad_norm_(trainable, options.MaxGradNorm);
                learningRate = schedule.At(optimizerSteps);
                foreach (var group in optimizer.ParamGroups)
                    group.LearningRate = learningRate;
                optimizer.step();
                optimizer.zero_grad();
                optimizerSteps++;
            }
        }
        return (new EpochTraining
        {
            Epoch = epoch,
            TrainLoss = examples == 0 ? 0 : lossSum / examples,
            LearningRate = learningRate,
            PaddedTokens = padded,
            RealTokens = real,
            ResidentMegabytes = Runtime.ResidentMemory.CurrentBytes() / Runtime.ResidentMemory.BytesPerMegabyte,
            PeakResidentMegabytes = Runtime.ResidentMemory.PeakBytes() / Runtime.ResidentMemory.BytesPerMegabyte,
        }, optimizerSteps);
    }
}
