namespace BertGen.Tokenization;

/// <summary>Hugging Face's truncation of sequences to a budget of tokens (special tokens excluded).</summary>
public static class PairTruncation
{
    /// <summary>
    /// How many tokens of each sequence to keep, longest first: the shorter keeps all it can; when both
    /// exceed half the budget, each gets half (the longer one any odd token). Matches the tokenizers library.
    /// </summary>
    public static (int First, int Second) Lengths(int first, int second, int budget)
    {
        if (first + second <= budget)
            return (first, second);
        bool swapped = first > second;
        var (shorter, longer) = swapped ? (second, first) : (first, second);
        longer = shorter > budget ? shorter : Math.Max(shorter, budget - shorter);
        if (shorter + longer > budget)
        {
            shorter = budget / 2;
            longer = shorter + budget % 2;
        }
        return swapped ? (longer, shorter) : (shorter, longer);
    }
}
