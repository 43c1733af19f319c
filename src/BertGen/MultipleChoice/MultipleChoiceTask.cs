using BertGen.Checkpoints;
using BertGen.Data;
using BertGen.Modeling;
using BertGen.Tokenization;
using BertGen.Training;
using static TorchSharp.torch;

namespace BertGen.MultipleChoice;

/// <summary>
/// Multiple choice (Hugging Face's <c>BertForMultipleChoice</c>: SWAG, PIQA): every choice is encoded with its
/// context, all are scored in one (batch, choices, sequence) pass, and cross-entropy picks the right one; on
/// held-out examples, the loss and accuracy.
/// </summary>
public sealed class MultipleChoiceTask(BertTokenizer tokenizer, TrainingOptions options) : ITrainingTask<IMultipleChoiceModel, EncodedChoices, MultipleChoiceMetrics>
{
    public string Title => "BertGen multiple choice";

    public IReadOnlyList<string> SelectableMetrics { get; } = ["val_accuracy", "val_loss"];

    public ModelFolderOptions FolderOptions { get; } = new() { VocabularyPath = tokenizer.VocabularyPath, LowerCase = tokenizer.LowerCase, MaxLength = options.MaxLength };

    public void CheckModel(IMultipleChoiceModel model)
    {
    }

    /// <summary>Tokenizes every (context, choice) pair on all cores, truncated longest first to the options' maximum length.</summary>
    public List<EncodedChoices> Encode(IReadOnlyList<ChoiceExample> examples) => ChoiceBatches.Encode(tokenizer, examples, options.MaxLength);

    public int Length(EncodedChoices example) => example.Length;

    public BatchLoss Loss(IMultipleChoiceModel model, IReadOnlyList<EncodedChoices> examples, BatchContext context)
    {
        var (inputs, labels, real) = Collate(examples, context);
        return new BatchLoss(model.Forward(inputs, labels).Loss!, examples.Count, inputs.InputIds.numel(), real);
    }

    public MultipleChoiceMetrics Evaluate(IMultipleChoiceModel model, IReadOnlyList<EncodedChoices> examples, EpochTraining training, BatchContext context)
    {
        var batches = BatchPlanner.ForScoring(examples.Select(e => e.Length).ToList(), context.Options.BatchSize);
        double lossSum = 0;
        int correct = 0;
        context.Progress.EvaluationStarted(context.Epoch, batches.Count);
        for (int b = 0; b < batches.Count; b++)
        {
            Runtime.CpuThreads.Tick();
            using var scope = NewDisposeScope();
            var batch = batches[b].Select(i => examples[i]).ToList();
            var (inputs, labels, _) = Collate(batch, context);
            var output = model.Forward(inputs, labels);
            lossSum += output.Loss!.item<float>() * batch.Count;
            correct += (int)output.Logits.argmax(-1).eq(labels).sum().item<long>();
            context.Progress.EvaluationBatchDone(context.Epoch, b + 1);
        }
        return new MultipleChoiceMetrics
        {
            ValidationLoss = examples.Count == 0 ? 0 : lossSum / examples.Count,
            ValidationAccuracy = examples.Count == 0 ? 0 : (double)correct / examples.Count,
        }.WithTraining(training);
    }

    private (BertInputs Inputs, Tensor Labels, long RealTokens) Collate(IReadOnlyList<EncodedChoices> examples, BatchContext context) =>
        ChoiceBatches.Collate(examples, tokenizer.PaddingTokenId, context.Device, context.Options.MaxLength, context.Options.PadToMultipleOf);
}
