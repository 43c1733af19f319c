namespace BertGen.Data;

/// <summary>Holds out a seeded random share of examples for validation (files such as PIQA's are not in random order).</summary>
public static class SeededSplit
{
    /// <summary>
    /// Shuffles <paramref name="examples"/> with <paramref name="seed"/> and returns the rest for training and
    /// <paramref name="fraction"/> of them (at least one) for validation; <paramref name="source"/> names the data in errors.
    /// </summary>
    public static (List<T> Train, List<T> Validation) Split<T>(IReadOnlyList<T> examples, double fraction, int seed, string source)
    {
        if (fraction is <= 0 or >= 1)
            throw new ArgumentException($"the validation fraction must be in (0, 1) (got {fraction})");
        var shuffled = examples.ToArray();
        new Random(seed).Shuffle(shuffled);
        int held = Math.Max(1, (int)Math.Round(shuffled.Length * fraction));
        if (shuffled.Length - held < 1)
            throw new DataException($"{source}: {examples.Count} examples are too few to split off validation");
        return (shuffled[held..].ToList(), shuffled[..held].ToList());
    }
}
