using System.Text;
using System.Text.RegularExpressions;

namespace BertGen.QuestionAnswering;

/// <summary>Exact match and F1 over a set of questions, in percent, as the official SQuAD v1.1 evaluation prints them.</summary>
public sealed record SquadScores(double ExactMatch, double F1, int Questions);

/// <summary>
/// The official SQuAD v1.1 evaluation (<c>evaluate-v1.1.py</c>), exactly: answers are normalized (lowercased,
/// punctuation removed, the articles a/an/the removed, whitespace collapsed); exact match compares the normalized
/// strings, F1 the bags of their whitespace tokens; each question takes its best score over the gold answers.
/// </summary>
public static partial class SquadMetric
{
    // Python's string.punctuation: the ASCII punctuation characters, nothing else.
    private const string Punctuation = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";

    [GeneratedRegex(@"\b(a|an|the)\b")]
    private static partial Regex Articles();

    /// <summary><c>normalize_answer</c>: lower, remove punctuation, remove articles, fix whitespace.</summary>
    public static string Normalize(string text)
    {
        var lowered = text.ToLowerInvariant();
        var withoutPunctuation = new StringBuilder(lowered.Length);
        foreach (char c in lowered)
        {
            if (Punctuation.IndexOf(c) < 0)
                withoutPunctuation.Append(c);
        }
        var withoutArticles = Articles().Replace(withoutPunctuation.ToString(), " ");
        return string.Join(' ', SplitWhitespace(withoutArticles));
    }

    /// <summary><c>exact_match_score</c>.</summary>
    public static bool ExactMatch(string prediction, string truth) => Normalize(prediction) == Normalize(truth);

    /// <summary><c>f1_score</c>: the harmonic mean of token precision and recall over the normalized answers' common tokens.</summary>
    public static double F1(string prediction, string truth)
    {
        var predicted = SplitWhitespace(Normalize(prediction));
        var gold = SplitWhitespace(Normalize(truth));
        var counts = gold.GroupBy(t => t, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        int same = 0;
        foreach (var token in predicted)
        {
            if (counts.TryGetValue(token, out int left) && left > 0)
            {
                counts[token] = left - 1;
                same++;
            }
        }
        if (same == 0)
            return 0;
        double precision = (double)same / predicted.Length, recall = (double)same / gold.Length;
        return 2 * precision * recall / (precision + recall);
    }

    /// <summary>
    /// <c>evaluate</c>: the mean over questions of each one's best exact match and F1 over its gold answers, times 100.
    /// A question without a prediction scores 0, as the script does after warning; a question without gold answers (SQuAD
    /// v2.0's impossible ones) scores 1 for an empty prediction and 0 otherwise, as <c>evaluate-v2.0.py</c> scores it.
    /// </summary>
    public static SquadScores Score(IReadOnlyList<(string? Prediction, IReadOnlyList<string> Answers)> questions)
    {
        double exact = 0, f1 = 0;
        foreach (var (prediction, answers) in questions)
        {
            if (prediction is null)
                continue;
            if (answers.Count == 0)
            {
                // A v2.0 question without an answer: evaluate-v2.0.py's gold is "", matched only by an empty prediction.
                bool withheld = Normalize(prediction).Length == 0;
                exact += withheld ? 1 : 0;
                f1 += withheld ? 1 : 0;
                continue;
            }
            exact += answers.Any(a => ExactMatch(prediction, a)) ? 1 : 0;
            f1 += answers.Max(a => F1(prediction, a));
        }
        int total = questions.Count;
        return new SquadScores(total == 0 ? 0 : 100.0 * exact / total, total == 0 ? 0 : 100.0 * f1 / total, total);
    }

    // Python's str.split(): runs of whitespace, no empty pieces.
    private static string[] SplitWhitespace(string text) =>
        text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
}
