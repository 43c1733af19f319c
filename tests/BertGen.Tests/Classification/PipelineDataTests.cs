using BertGen.Classification;
using BertGen.Data;
using BertGen.Tests.Infrastructure;
using BertGen.Tokenization;
using BertGen.Training;

namespace BertGen.Tests.Classification;

/// <summary>The real data sets of the sentence-pair, multi-label and regression pipelines, read and encoded as the tasks do.</summary>
public sealed class PipelineDataTests
{
    internal static TextDataOptions Mrpc { get; } = new() { TextColumn = "#1 String", TextPairColumn = "#2 String", LabelColumn = "Quality" };

    internal static TextDataOptions GoEmotions { get; } = new() { HasHeader = false, TextColumn = "0", LabelColumn = "1" };

    [Fact]
    public void Mrpc_reads_every_pair_with_its_raw_quotes_and_the_byte_order_mark_skipped()
    {
        var train = TextDatasets.Read(SharedData.File("mrpc/train.tsv"), Mrpc);
        var dev = TextDatasets.Read(SharedData.File("mrpc/dev.tsv"), Mrpc);

        // GLUE's counts: 3,668 training and 408 development pairs.
        Assert.Equal(3668, train.Examples.Count);
        Assert.Equal(408, dev.Examples.Count);
        Assert.Equal(["0", "1"], dev.Labels);
        Assert.Equal("He said the foodservice pie business doesn't fit the company's long-term growth strategy.", dev.Examples[0].Text);
        // Tab-separated: a quote opening a field is text, not the start of a quoted field that would swallow lines.
        Assert.Equal("\"The foodservice pie business does not fit our long-term growth strategy.", dev.Examples[0].Pair);
        Assert.Equal("1", dev.Examples[0].Label);
        Assert.All(train.Examples, e => Assert.False(string.IsNullOrWhiteSpace(e.Pair)));
    }

    [Fact]
    public void Pairs_are_encoded_with_segment_ids_and_truncated_longest_first()
    {
        var tokenizer = BertTokenizer.FromVocabulary(SharedData.File("vocab/bert-base-uncased-vocab.txt"));
        var batches = new SequenceBatches(tokenizer, new TrainingOptions { MaxLength = 16 });
        var pair = new LabeledText("a short first sentence", "1", "test", 1, "and a much longer second sentence that will not fit in sixteen tokens at all");

        var encoded = batches.Encode([pair], e => (1, null)).Single();

        Assert.Equal(16, encoded.Length);
        int firstSeparator = Array.IndexOf(encoded.InputIds, tokenizer.SeparatorTokenId);
        Assert.Equal(tokenizer.SeparatorTokenId, encoded.InputIds[^1]);
        Assert.All(encoded.TokenTypeIds[..(firstSeparator + 1)], t => Assert.Equal(0, t));
        Assert.All(encoded.TokenTypeIds[(firstSeparator + 1)..], t => Assert.Equal(1, t));
        // Longest first: the short first sentence (4 tokens) is kept whole, the second is cut to the rest.
        Assert.Equal("a short first sentence", tokenizer.Decode(encoded.InputIds[1..firstSeparator]));
        Assert.Equal(16 - 3 - 4, encoded.Length - firstSeparator - 2);
    }

    [Fact]
    public void GoEmotions_labels_become_one_target_per_emotion()
    {
        var names = File.ReadAllLines(SharedData.File("goemotions/emotions.txt")).Where(l => l.Length > 0).ToList();
        var labels = new LabelMap(names);
        var dev = TextDatasets.Read(SharedData.File("goemotions/dev.tsv"), GoEmotions);

        Assert.Equal(28, labels.Count);
        Assert.Equal(5426, dev.Examples.Count);
        var second = dev.Examples[1];
        Assert.Equal("4,27", second.Label);
        var targets = MultiLabels.Targets(second, labels, ',');
        Assert.Equal([4, 27], Enumerable.Range(0, 28).Where(c => targets[c] == 1));
        Assert.Equal("approval", names[4]);
        Assert.Equal(targets, MultiLabels.Targets(second with { Label = "approval, neutral" }, labels, ','));

        var error = Assert.Throws<DataException>(() => MultiLabels.Targets(second with { Label = "4,28" }, labels, ','));
        Assert.Contains($"{second.Source}:{second.Line}", error.Message);
        Assert.Contains("\"28\"", error.Message);
    }

    [Fact]
    public void Regression_labels_must_be_numbers_and_the_error_names_the_row()
    {
        Assert.Equal(7.5f, RegressionTask.Target(new LabeledText("fine", "7.5", "ratings.tsv", 12)));
        var error = Assert.Throws<DataException>(() => RegressionTask.Target(new LabeledText("fine", "seven", "ratings.tsv", 12)));
        Assert.StartsWith("ratings.tsv:12: the label \"seven\" is not a number", error.Message);
    }
}
