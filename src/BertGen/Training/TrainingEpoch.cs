using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BertGen.Training;

/// <summary>What one batch's forward pass gave: its loss and how many examples and positions it held.</summary>
public readonly record struct BatchLoss(Tensor Loss, int Examples, long PaddedTokens, long RealTokens);

/// <summary>The sums of one training epoch.</summary>
public sealed record EpochTotals(double LossSum, int Examples, long PaddedTokens, long RealTokens, int OptimizerSteps, double LearningRate)
{
    public double MeanLoss => Examples == 0 ? 0 : LossSum / Examples;
}

/// <summary>
/// The optimisation loop every trainer shares: for each batch, forward (given), backward of the loss divided
/// by the accumulation steps, and every <c>accumulation</c> batches (and at the end) gradient clipping, the
/// scheduled learning rate, the AdamW step and zeroed gradients. Each batch runs in its own dispose scope.
/// </summary>
public static class TrainingEpoch
{
    public static EpochTotals Run(int epoch, int batches, Func<int, BatchLoss> forward, AdamW optimizer, IReadOnlyList<TorchSharp.Modules.Parameter> trainable,
        LearningRateSchedule schedule, int optimizerSteps, int accumulation, double maxGradNorm, ITrainingProgress progress, CancellationToken cancellation)
    {
        double lossSum = 0;
        long padded = 0, real = 0;
        int examples = 0;
        double learningRate = schedule.At(optimizerSteps);
        optimizer.zero_grad();
        for (int b = 0; b < batches; b++)
        {
            cancellation.ThrowIfCancellationRequested();
            using (var scope = NewDisposeScope())
            {
                var batch = forward(b);
                (batch.Loss / accumulation).backward();
                double value = batch.Loss.item<float>();
                lossSum += value * batch.Examples;
                examples += batch.Examples;
                padded += batch.PaddedTokens;
                real += batch.RealTokens;
                progress.TrainingBatchDone(epoch, b + 1, value, batch.PaddedTokens);
            }
            if ((b + 1) % accumulation == 0 || b == batches - 1)
            {
                nn.utils.clip_grad_norm_(trainable, maxGradNorm);
                learningRate = schedule.At(optimizerSteps);
                foreach (var group in optimizer.ParamGroups)
                    group.LearningRate = learningRate;
                optimizer.step();
                optimizer.zero_grad();
                optimizerSteps++;
            }
        }
        return new EpochTotals(lossSum, examples, padded, real, optimizerSteps, learningRate);
    }
}
