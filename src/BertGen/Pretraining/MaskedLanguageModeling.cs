using BertGen.Tokenization;

namespace BertGen.Pretraining;

/// <summary>
/// BERT's masking (SPEC §3): 15% of the non-special positions are chosen (rounded, at least one); of those,
/// 80% become [MASK], 10% a random token and 10% stay as they are; labels hold the original id at chosen
/// positions and -100 everywhere else. Random replacements are drawn from the vocabulary without special
/// tokens or [unused] slots. With whole-word masking, a word's pieces (a token and its "##" continuations)
/// are chosen together.
/// </summary>
public sealed class MaskedLanguageModeling
{
    public const double DefaultProbability = 0.15;

    private readonly int maskId;
    private readonly int[] replacements;

    public MaskedLanguageModeling(BertTokenizer tokenizer, double probability = DefaultProbability, bool wholeWord = false)
    {
        if (probability is <= 0 or >= 1)
            throw new ArgumentOutOfRangeException(nameof(probability), probability, "expected a probability between 0 and 1");
        Probability = probability;
        WholeWord = wholeWord;
        maskId = tokenizer.MaskTokenId;
        var special = tokenizer.SpecialTokenIds.ToHashSet();
        replacements = Enumerable.Range(0, tokenizer.VocabularySize)
            .Where(id => !special.Contains(id) && !tokenizer.Token(id).StartsWith("[unused", StringComparison.Ordinal))
            .ToArray();
    }

    public double Probability { get; }

    public bool WholeWord { get; }

    public MaskedExample Mask(PretrainingExample example, Random random)
    {
        var ids = (int[])example.InputIds.Clone();
        var labels = new int[ids.Length];
        Array.Fill(labels, (int)Modeling.BertLosses.IgnoreIndex);

        // Candidate units: single positions, or whole words (a start and its continuation pieces).
        var units = new List<(int Start, int Length)>();
        for (int p = 0; p < ids.Length; p++)
        {
            if (example.Special[p])
                continue;
            if (WholeWord && units.Count > 0 && !example.WordStarts[p] && units[^1].Start + units[^1].Length == p)
                units[^1] = (units[^1].Start, units[^1].Length + 1);
            else
                units.Add((p, 1));
        }
        int candidates = units.Sum(u => u.Length);
        if (candidates == 0)
            return new MaskedExample(ids, example.TokenTypeIds, labels, example.NextSentenceLabel);
        int toMask = Math.Max(1, (int)Math.Round(candidates * Probability, MidpointRounding.AwayFromZero));

        var order = units.ToArray();
        random.Shuffle(order);
        int masked = 0;
        foreach (var (start, length) in order)
        {
            if (masked >= toMask)
                break;
            if (masked + length > toMask)
                continue;
            for (int p = start; p < start + length; p++)
            {
                labels[p] = ids[p];
                double roll = random.NextDouble();
                if (roll < 0.8)
                    ids[p] = maskId;
                else if (roll < 0.9)
                    ids[p] = replacements[random.Next(replacements.Length)];
            }
            masked += length;
        }
        return new MaskedExample(ids, example.TokenTypeIds, labels, example.NextSentenceLabel);
    }
}
