using BertGen.Checkpoints;
using BertGen.Data;
using BertGen.Modeling;
using BertGen.Tokenization;
using BertGen.Training;
using static TorchSharp.torch;

namespace BertGen.TokenClassification;

/// <summary>
/// Named entities (Hugging Face's <c>BertForTokenClassification</c> with <c>run_ner</c>'s alignment): a tag per word
/// piece, cross-entropy over the labelled pieces; on held-out sentences, the loss and seqeval's entity scores over
/// words, each word tagged as its first piece is (a word cut by truncation counts as O, so its entity is missed rather
/// than dropped from the count).
/// </summary>
public sealed class TokenClassificationTask(BertTokenizer tokenizer, TagSet tags, TrainingOptions options, bool labelAllTokens = false)
    : ITrainingTask<ITokenClassifier, EncodedTags, TokenClassificationMetrics>
{
    public string Title => "BertGen named entities";

    public IReadOnlyList<string> SelectableMetrics { get; } = ["f1", "val_loss", "accuracy", "precision", "recall"];

    public ModelFolderOptions FolderOptions { get; } = new() { VocabularyPath = tokenizer.VocabularyPath, LowerCase = tokenizer.LowerCase, MaxLength = options.MaxLength };

    public TagSet Tags => tags;

    public void CheckModel(ITokenClassifier model)
    {
        if (model.Config.NumLabels != tags.Count)
            throw new ArgumentException($"the model has {model.Config.NumLabels} outputs but the data has {tags.Count} tags");
    }

    public List<EncodedTags> Encode(IReadOnlyList<TaggedSentence> sentences) => TagBatches.Encode(tokenizer, sentences, tags, options.MaxLength, labelAllTokens);

    public int Length(EncodedTags example) => example.Length;

    public BatchLoss Loss(ITokenClassifier model, IReadOnlyList<EncodedTags> examples, BatchContext context)
    {
        var (inputs, labels, real) = Collate(examples, context);
        return new BatchLoss(model.Forward(inputs, labels).Loss!, examples.Count, inputs.InputIds.numel(), real);
    }

    public TokenClassificationMetrics Evaluate(ITokenClassifier model, IReadOnlyList<EncodedTags> examples, EpochTraining training, BatchContext context)
    {
        var batches = BatchPlanner.ForScoring(examples.Select(e => e.Length).ToList(), context.Options.BatchSize);
        var predicted = new IReadOnlyList<string>[examples.Count];
        double lossSum = 0;
        long labelled = 0;
        context.Progress.EvaluationStarted(context.Epoch, batches.Count);
        for (int b = 0; b < batches.Count; b++)
        {
            Runtime.CpuThreads.Tick();
            using var scope = NewDisposeScope();
            var batch = batches[b].Select(i => examples[i]).ToList();
            var (inputs, labels, _) = Collate(batch, context);
            var output = model.Forward(inputs, labels);
            // The loss is the mean over labelled pieces; the count is on the host, so no device sync for it.
            long count = batch.Sum(e => e.Labels.Count(l => l != TagBatches.Ignore));
            lossSum += output.Loss!.item<float>() * count;
            labelled += count;
            var best = output.Logits.argmax(-1).cpu();
            int length = (int)best.shape[1];
            var ids = best.data<long>().ToArray();
            for (int j = 0; j < batch.Count; j++)
                predicted[batches[b][j]] = TagBatches.WordTags(batch[j].FirstTokens, t => (int)ids[j * length + t], tags);
            context.Progress.EvaluationBatchDone(context.Epoch, b + 1);
        }
        var truth = examples.Select(e => (IReadOnlyList<string>)e.WordTags.Select(id => tags.Names[id]).ToList()).ToList();
        return TokenClassificationMetrics.From(EntityScores.Compute(truth, predicted), labelled == 0 ? 0 : lossSum / labelled).WithTraining(training);
    }

    private (BertInputs Inputs, Tensor Labels, long RealTokens) Collate(IReadOnlyList<EncodedTags> examples, BatchContext context) =>
        TagBatches.Collate(examples, tokenizer.PaddingTokenId, context.Device, context.Options.MaxLength, context.Options.PadToMultipleOf);
}
