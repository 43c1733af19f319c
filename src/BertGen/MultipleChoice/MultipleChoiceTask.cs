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
    public List<EncodedChoices> Encode(IReadOnlyList<ChoiceExample> examples)
    {
        int choices = examples.Count == 0 ? 0 : examples[0].Choices.Count;
        if (examples.FirstOrDefault(e => e.Choices.Count != choices) is { } odd)
            throw new DataException($"{odd.Source}:{odd.Line}: has {odd.Choices.Count} choices where the first example has {choices}");
        var encodings = tokenizer.EncodeMany(
            examples.SelectMany(e => e.Choices.Select(_ => e.Context)).ToList(),
            examples.SelectMany(e => e.Choices).ToList(),
            new BertEncodeOptions { MaxLength = options.MaxLength });
        return examples.Select((e, i) =>
        {
            var mine = encodings.AsSpan(i * choices, choices).ToArray();
            return new EncodedChoices(mine.Select(m => m.InputIds).ToArray(), mine.Select(m => m.TokenTypeIds).ToArray(), e.Label);
        }).ToList();
    }

    public int Length(EncodedChoices example) => example.Length;

    public BatchLoss Loss(IMultipleChoiceModel model, IReadOnlyList<EncodedChoices> examples, BatchContext context)
    {
        var (inputs, labels, real) = Collate(examples, context);
        return new BatchLoss(model.Forward(inputs, labels).Loss!, examples.Count, inputs.InputIds.numel(), real);
    }

    public MultipleChoiceMetrics Evaluate(IMultipleChoiceModel model, IReadOnlyList<EncodedChoices> examples, EpochTraining training, BatchContext context)
    {
        var batches = BatchPlanner.Plan(examples.Select(e => e.Length).ToList(), context.Options.BatchSize, shuffle: false, groupByLength: true, new Random(0));
        double lossSum = 0;
        int correct = 0;
        context.Progress.EvaluationStarted(context.Epoch, batches.Count);
        for (int b = 0; b < batches.Count; b++)
        {
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

    /// <summary>Every choice of every example padded to one length (rounded up as configured), as (batch, choices, sequence).</summary>
    private (BertInputs Inputs, Tensor Labels, long RealTokens) Collate(IReadOnlyList<EncodedChoices> examples, BatchContext context)
    {
        int choices = examples[0].InputIds.Length;
        var flat = examples.SelectMany(e => e.InputIds.Zip(e.TokenTypeIds)).ToList();
        var padded = BatchCollator.Pad(flat, Padding.Longest, context.Options.MaxLength, tokenizer.PaddingTokenId, context.Device, context.Options.PadToMultipleOf);
        Tensor Unflatten(Tensor t) => t.view(examples.Count, choices, t.shape[^1]);
        var inputs = new BertInputs(Unflatten(padded.InputIds), Unflatten(padded.AttentionMask!), Unflatten(padded.TokenTypeIds!));
        long real = flat.Sum(f => (long)f.First.Length);
        return (inputs, tensor(examples.Select(e => (long)e.Label).ToArray(), device: context.Device), real);
    }
}
