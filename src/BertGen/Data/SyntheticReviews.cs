namespace BertGen.Data;

/// <summary>
/// A small built-in corpus of movie reviews made from templates, so the whole pipeline runs on a fresh
/// machine with nothing downloaded. Each review is a few opinion sentences about parts of a film, most of
/// them agreeing with its label (at most one dissents), some negated ("was not dull"), some mixed ("was superb but the ending was
/// weak"), with neutral filler. It is synthetic: it exercises tokenization, batching, training and
/// evaluation end to end and is learnable by a tiny model in seconds, but it is not English as reviewers
/// write it; use the IMDb data for real figures.
/// </summary>
public static class SyntheticReviews
{
    private static readonly string[] s_positive =
    [
        "wonderful", "brilliant", "moving", "delightful", "superb", "gripping", "charming", "hilarious", "beautiful",
        "excellent", "memorable", "touching", "clever", "stunning", "enjoyable", "fresh", "powerful", "warm",
    ];

    private static readonly string[] s_negative =
    [
        "boring", "dull", "awful", "terrible", "clumsy", "predictable", "tedious", "bland", "forgettable",
        "messy", "painful", "lifeless", "silly", "weak", "dreadful", "flat", "confusing", "cheap",
    ];

    private static readonly string[] s_subjects =
    [
        "the acting", "the plot", "the script", "the soundtrack", "the ending", "the direction", "the cast",
        "the dialogue", "the pacing", "the photography", "the story", "the characters", "the effects", "the humour",
    ];

    private static readonly string[] s_intensifiers = ["", "", "really ", "truly ", "quite ", "very ", "rather ", "simply "];

    private static readonly string[] s_openers =
    [
        "I watched this film last weekend.", "We saw it at the cinema.", "My sister picked this one.",
        "I had heard a lot about it.", "I went in with no expectations.", "This was on television last night.", "",
    ];

    private static readonly string[] s_fillers =
    [
        "It runs about two hours.", "It was filmed in Canada.", "The lead actor is new to me.",
        "It is based on a novel.", "The theatre was half empty.", "It came out in the spring.",
    ];

    private static readonly string[] s_positiveClosers = ["I would watch it again.", "Highly recommended.", "Ten out of ten.", "Worth every minute."];

    private static readonly string[] s_negativeClosers = ["I want my two hours back.", "Avoid it.", "One star.", "I nearly walked out."];

    /// <summary>The labels, in id order.</summary>
    public static readonly IReadOnlyList<string> Labels = ["negative", "positive"];

    /// <summary><paramref name="count"/> reviews, half of each label in random order, the same for the same seed.</summary>
    public static List<LabeledText> Generate(int count, int seed = 7)
    {
        var random = new Random(seed);
        var reviews = new List<LabeledText>(count);
        for (int i = 0; i < count; i++)
        {
            bool positive = i % 2 == 0;
            reviews.Add(new LabeledText(Review(random, positive), positive ? "positive" : "negative", "synthetic", i + 1));
        }
        random.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(reviews));
        return reviews;
    }

    private static string Review(Random random, bool positive)
    {
        var sentences = new List<string>();
        string opener = Pick(random, s_openers);
        if (opener.Length > 0)
            sentences.Add(opener);
        int opinions = random.Next(3, 6);
        // One review in three has a single dissenting opinion (never the first): the majority always
        // agrees with the label, but no single sentence decides it.
        int dissent = random.NextDouble() < 1.0 / 3 ? random.Next(1, opinions) : -1;
        for (int i = 0; i < opinions; i++)
        {
            sentences.Add(Opinion(random, (i != dissent) == positive));
            if (random.NextDouble() < 0.3)
                sentences.Add(Pick(random, s_fillers));
        }
        if (random.NextDouble() < 0.6)
            sentences.Add(Pick(random, positive ? s_positiveClosers : s_negativeClosers));
        return string.Join(' ', sentences);
    }

    private static string Opinion(Random random, bool favourable)
    {
        string subject = Capitalise(Pick(random, s_subjects));
        double form = random.NextDouble();
        if (form < 0.2)
        {
            // Negation: "was not dull" is favourable.
            return $"{subject} was not {Pick(random, favourable ? s_negative : s_positive)}.";
        }
        if (form < 0.35)
        {
            // Mixed: the clause after "but" carries the verdict.
            return $"{subject} was {Pick(random, favourable ? s_negative : s_positive)} but {Pick(random, s_subjects)} was {Pick(random, favourable ? s_positive : s_negative)}.";
        }
        return $"{subject} was {Pick(random, s_intensifiers)}{Pick(random, favourable ? s_positive : s_negative)}.";
    }

    private static string Pick(Random random, string[] items) => items[random.Next(items.Length)];

    private static string Capitalise(string text) => char.ToUpperInvariant(text[0]) + text[1..];
}
