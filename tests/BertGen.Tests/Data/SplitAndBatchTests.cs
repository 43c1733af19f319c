using BertGen.Data;
using BertGen.Tokenization;

namespace BertGen.Tests.Data;

public class SplitAndBatchTests
{
    private static List<LabeledText> Examples(int count) =>
        Enumerable.Range(0, count).Select(i => new LabeledText($"text {i}", i % 4 == 0 ? "a" : "b", "test", i + 1)).ToList();

    [Fact]
    public void The_ordered_split_is_the_tutorials_first_90_percent()
    {
        var (train, validation) = DatasetSplits.Split(Examples(100), SplitStrategy.Ordered);

        Assert.Equal(Enumerable.Range(1, 90), train.Select(e => (int)e.Line));
        Assert.Equal(Enumerable.Range(91, 10), validation.Select(e => (int)e.Line));
    }

    [Fact]
    public void Stratified_splits_keep_label_proportions_and_are_seeded()
    {
        var (train, validation) = DatasetSplits.Split(Examples(200), SplitStrategy.Stratified, 0.2, seed: 3);
        var again = DatasetSplits.Split(Examples(200), SplitStrategy.Stratified, 0.2, seed: 3);

        Assert.Equal(10, validation.Count(e => e.Label == "a"));
        Assert.Equal(30, validation.Count(e => e.Label == "b"));
        Assert.Equal(train.Select(e => e.Line), again.Train.Select(e => e.Line));
        Assert.Empty(train.Select(e => e.Line).Intersect(validation.Select(e => e.Line)));
    }

    [Fact]
    public void Length_grouped_batches_cover_every_example_once_and_cut_padding()
    {
        var random = new Random(1);
        var lengths = Enumerable.Range(0, 1000).Select(_ => random.Next(10, 500)).ToList();

        var grouped = BatchPlanner.Plan(lengths, 16, shuffle: true, groupByLength: true, new Random(2));
        var plain = BatchPlanner.Plan(lengths, 16, shuffle: true, groupByLength: false, new Random(2));

        Assert.Equal(Enumerable.Range(0, 1000), grouped.SelectMany(b => b).Order());
        long Padded(List<int[]> batches) => batches.Sum(b => (long)b.Length * b.Max(i => lengths[i]));
        Assert.True(Padded(grouped) * 1.5 < Padded(plain), $"grouped {Padded(grouped)} vs {Padded(plain)} padded tokens");
        Assert.NotEqual(grouped.Select(b => b[0]), BatchPlanner.Plan(lengths, 16, true, true, new Random(3)).Select(b => b[0]));
    }

    [Fact]
    public void Dynamic_padding_pads_to_the_longest_and_masks_the_rest()
    {
        var examples = new[] { new EncodedExample([101, 7, 102], [0, 0, 0], 1), new EncodedExample([101, 102], [0, 0], 0) };

        using var batch = BatchCollator.Collate(examples, Padding.Longest, 512, 0);
        using var fixedLength = BatchCollator.Collate(examples, Padding.MaxLength, 8, 0);

        Assert.Equal([2L, 3L], batch.Inputs.InputIds.shape);
        Assert.Equal([101L, 7, 102, 101, 102, 0], batch.Inputs.InputIds.data<long>().ToArray());
        Assert.Equal([1L, 1, 1, 1, 1, 0], batch.Inputs.AttentionMask!.data<long>().ToArray());
        Assert.Equal((5L, 6L), (batch.RealTokens, batch.PaddedTokens));
        Assert.Equal([2L, 8L], fixedLength.Inputs.InputIds.shape);
        Assert.Equal([1L, 0], batch.Labels.data<long>().ToArray());
    }

    [Fact]
    public void Padding_to_a_multiple_rounds_the_batch_length_up_with_masked_positions()
    {
        var examples = new[] { new EncodedExample([101, 7, 8, 9, 102], [0, 0, 0, 0, 0], 1), new EncodedExample([101, 102], [0, 0], 0) };

        using var batch = BatchCollator.Collate(examples, Padding.Longest, 512, 0, padToMultipleOf: 4);

        Assert.Equal([2L, 8L], batch.Inputs.InputIds.shape);
        Assert.Equal([1L, 1, 1, 1, 1, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0], batch.Inputs.AttentionMask!.data<long>().ToArray());
        Assert.Equal((7L, 16L), (batch.RealTokens, batch.PaddedTokens));
    }

    [Theory]
    [InlineData(13, Padding.Longest, 512, 8, 16)]
    [InlineData(16, Padding.Longest, 512, 8, 16)]
    [InlineData(13, Padding.Longest, 512, 1, 13)]
    [InlineData(510, Padding.Longest, 512, 64, 512)] // never past the maximum length: 576 would overrun 512 positions
    [InlineData(13, Padding.Longest, 0, 64, 64)] // no maximum given
    [InlineData(13, Padding.MaxLength, 100, 8, 100)] // a fixed length stays fixed (Hugging Face would pad to 104)
    [InlineData(13, Padding.MaxLength, 100, 1, 100)]
    public void The_padded_length_is_the_longest_or_fixed_length_rounded_up_within_the_maximum(int longest, Padding padding, int maxLength, int multiple, int expected) =>
        Assert.Equal(expected, BatchCollator.PaddedLength(longest, padding, maxLength, multiple));

    [Fact]
    public void A_padding_multiple_below_one_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => BatchCollator.PaddedLength(5, Padding.Longest, 512, 0));
        var error = Assert.Throws<ArgumentException>(() => new BertGen.Training.TrainingOptions { PadToMultipleOf = 0 }.Validate());
        Assert.Contains("padding multiple", error.Message);
    }

    [Fact]
    public void Metrics_count_per_class_scores_and_the_confusion_matrix()
    {
        var metrics = BertGen.Classification.ClassificationMetrics.Compute([0, 0, 1, 1, 1], [0, 1, 1, 1, 0], ["neg", "pos"]);

        Assert.Equal(0.6, metrics.Accuracy, 9);
        Assert.Equal([[1, 1], [1, 2]], metrics.ConfusionMatrix);
        Assert.Equal(0.5, metrics.PerClass[0].Precision, 9);
        Assert.Equal(2.0 / 3, metrics.PerClass[1].Recall, 9);
        Assert.Equal((0.5 + 2.0 / 3) / 2, metrics.MacroF1, 9);
    }
}
