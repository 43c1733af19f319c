namespace BertGen.Data;

/// <summary>How a data set is split into training and validation.</summary>
public enum SplitStrategy
{
    /// <summary>The first 90% train, the rest validate, in file order: the tutorial's reproducible split.</summary>
    Ordered,

    /// <summary>A seeded shuffle, then the same proportions.</summary>
    Shuffled,

    /// <summary>A seeded shuffle within each label, so both sides keep the label proportions.</summary>
    Stratified,
}

public static class DatasetSplits
{
    /// <summary>Splits <paramref name="examples"/>, <paramref name="validationFraction"/> of them going to validation.</summary>
    public static (List<LabeledText> Train, List<LabeledText> Validation) Split(IReadOnlyList<LabeledText> examples, SplitStrategy strategy, double validationFraction = 0.1, int seed = 42)
    {
        if (validationFraction is <= 0 or >= 1)
            throw new ArgumentOutOfRangeException(nameof(validationFraction), validationFraction, "expected a fraction between 0 and 1");
        switch (strategy)
        {
            case SplitStrategy.Ordered:
                return Cut(examples.ToList(), validationFraction);
            case SplitStrategy.Shuffled:
                var shuffled = examples.ToArray();
                new Random(seed).Shuffle(shuffled);
                return Cut([.. shuffled], validationFraction);
            case SplitStrategy.Stratified:
                var random = new Random(seed);
                var train = new List<LabeledText>();
                var validation = new List<LabeledText>();
                foreach (var group in examples.GroupBy(e => e.Label).OrderBy(g => g.Key, StringComparer.Ordinal))
                {
                    var items = group.ToArray();
                    random.Shuffle(items);
                    var (t, v) = Cut([.. items], validationFraction);
                    train.AddRange(t);
                    validation.AddRange(v);
                }
                random.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(train));
                return (train, validation);
            default:
                throw new ArgumentOutOfRangeException(nameof(strategy), strategy, null);
        }
    }

    private static (List<LabeledText>, List<LabeledText>) Cut(List<LabeledText> items, double validationFraction)
    {
        int trainCount = (int)Math.Round(items.Count * (1 - validationFraction));
        return (items[..trainCount], items[trainCount..]);
    }
}
