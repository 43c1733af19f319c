namespace BertGen.TokenClassification;

/// <summary>Precision, recall and F1 of one entity type (or of all, micro-averaged), with the counts behind them.</summary>
public sealed record EntityScore(string Type, double Precision, double Recall, double F1, int Support, int Predicted, int Correct);

/// <summary>
/// Entity-level scores as <c>seqeval</c>'s <c>classification_report</c> computes them: an entity counts as found only
/// when type, first and last word all match; sentences are scored together (entities never cross sentences), and
/// token accuracy is the share of words whose tag is right.
/// </summary>
public sealed record EntityScores(IReadOnlyList<EntityScore> ByType, EntityScore Micro, double TokenAccuracy)
{
    public static EntityScores Compute(IReadOnlyList<IReadOnlyList<string>> truth, IReadOnlyList<IReadOnlyList<string>> predicted)
    {
        if (truth.Count != predicted.Count)
            throw new ArgumentException($"{truth.Count} true sentences but {predicted.Count} predicted");
        var gold = new HashSet<(int, WordSpan)>();
        var guessed = new HashSet<(int, WordSpan)>();
        long words = 0, right = 0;
        for (int s = 0; s < truth.Count; s++)
        {
            if (truth[s].Count != predicted[s].Count)
                throw new ArgumentException($"sentence {s}: {truth[s].Count} true tags but {predicted[s].Count} predicted");
            gold.UnionWith(Entities.Find(truth[s]).Select(e => (s, e)));
            guessed.UnionWith(Entities.Find(predicted[s]).Select(e => (s, e)));
            words += truth[s].Count;
            right += truth[s].Zip(predicted[s]).Count(p => p.First == p.Second);
        }
        var correct = new HashSet<(int, WordSpan)>(gold);
        correct.IntersectWith(guessed);
        EntityScore Score(string type, Func<(int, WordSpan), bool> include) =>
            Make(type, gold.Count(include), guessed.Count(include), correct.Count(include));
        var types = gold.Concat(guessed).Select(e => e.Item2.Type).Distinct().Order(StringComparer.Ordinal);
        return new EntityScores(
            types.Select(type => Score(type, e => e.Item2.Type == type)).ToList(),
            Score("micro", _ => true),
            words == 0 ? 0 : (double)right / words);
    }

    // seqeval gives 0 where a ratio has nothing to divide by.
    private static EntityScore Make(string type, int support, int predicted, int correct)
    {
        double precision = predicted == 0 ? 0 : (double)correct / predicted;
        double recall = support == 0 ? 0 : (double)correct / support;
        double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
        return new EntityScore(type, precision, recall, f1, support, predicted, correct);
    }
}
