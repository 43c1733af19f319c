namespace BertGen.QuestionAnswering;

/// <summary>One window's start and end logits over its tokens, with each token's span of the context (null outside it).</summary>
public sealed record WindowScores(float[] StartLogits, float[] EndLogits, (int Start, int End)?[] ContextSpans);

/// <summary>
/// Turns the start and end logits of a question's windows into its answer as Hugging Face's
/// <c>postprocess_qa_predictions</c> (<c>utils_qa.py</c>) does: in every window the best starts and ends are paired,
/// pairs outside the context, reversed or longer than the maximum are dropped, each is scored by start + end logit and
/// mapped back to the context through the offsets; the best candidates across windows are kept, with a softmax over
/// their scores as probabilities. For SQuAD v2.0 the lowest [CLS] score of the windows is the no-answer score. Two
/// differences, both where that code depends on how it was called: only the window's own tokens are candidates (there,
/// padding to the maximum length can take top places and push real tokens out), and a question without any candidate
/// gets the empty answer (there, the text "empty").
/// </summary>
public static class AnswerSearch
{
    /// <summary>The best candidates, best first, with their probabilities; for v2.0 the no-answer candidate among them.</summary>
    public static IReadOnlyList<AnswerPrediction> Candidates(string context, IReadOnlyList<WindowScores> windows, AnswerOptions options) =>
        Rank(windows, options).Select(c => c.Prediction(context)).ToList();

    /// <summary>
    /// The answer: the best candidate; for v2.0 the best span unless the no-answer score exceeds its score by more than
    /// the threshold.
    /// </summary>
    public static AnswerPrediction Best(string context, IReadOnlyList<WindowScores> windows, AnswerOptions options)
    {
        var ranked = Rank(windows, options);
        if (!options.AllowNoAnswer)
            return ranked[0].Prediction(context);
        var none = ranked.First(c => c.IsNull);
        var span = ranked.FirstOrDefault(c => !c.IsNull);
        return span is null || none.Score - span.Score > options.NoAnswerThreshold ? none.Prediction(context) : span.Prediction(context);
    }

    /// <summary>
    /// The answer of each question whose windows are given in order (a question's windows consecutive, as
    /// <see cref="QuestionWindows.Prepare(Tokenization.BertTokenizer, IReadOnlyList{SquadExample}, int, int, List{string})"/> gives them), with its question.
    /// </summary>
    public static List<(SquadExample Example, AnswerPrediction Answer)> Answers(IReadOnlyList<QuestionWindow> windows, IReadOnlyList<WindowScores> scores, AnswerOptions options)
    {
        if (windows.Count != scores.Count)
            throw new ArgumentException($"{windows.Count} windows but {scores.Count} scores");
        var answers = new List<(SquadExample, AnswerPrediction)>();
        for (int first = 0; first < windows.Count;)
        {
            var example = windows[first].Example;
            int next = first + 1;
            while (next < windows.Count && ReferenceEquals(windows[next].Example, example))
                next++;
            answers.Add((example, Best(example.Context, scores.Skip(first).Take(next - first).ToList(), options)));
            first = next;
        }
        return answers;
    }

    private sealed record Candidate(int Start, int End, float Score, bool IsNull)
    {
        public double Probability { get; init; } = 1;

        public AnswerPrediction Prediction(string context) =>
            IsNull ? AnswerPrediction.None(Probability) : new AnswerPrediction(context[Start..End], Probability, Start, End);
    }

    // The kept candidates, best first, with the softmax of their scores (scores summed in single precision, as numpy does).
    private static List<Candidate> Rank(IReadOnlyList<WindowScores> windows, AnswerOptions options)
    {
        options.Validate();
        var found = new List<Candidate>();
        Candidate? noAnswer = null;
        foreach (var window in windows)
        {
            CheckShapes(window);
            float nullScore = window.StartLogits[0] + window.EndLogits[0];
            if (noAnswer is null || noAnswer.Score > nullScore)
                noAnswer = new Candidate(0, 0, nullScore, IsNull: true);
            var spans = window.ContextSpans;
            foreach (int start in Top(window.StartLogits, options.CandidateCount))
            {
                foreach (int end in Top(window.EndLogits, options.CandidateCount))
                {
                    if (spans[start] is not { } first || spans[end] is not { } last || end < start || end - start + 1 > options.MaxAnswerLength)
                        continue;
                    found.Add(new Candidate(first.Start, last.End, window.StartLogits[start] + window.EndLogits[end], IsNull: false));
                }
            }
        }
        if (options.AllowNoAnswer && noAnswer is not null)
            found.Add(noAnswer);
        // A stable sort, as Python's sorted: equal scores keep the order in which they were found.
        var best = found.OrderByDescending(c => c.Score).Take(options.CandidateCount).ToList();
        if (options.AllowNoAnswer && noAnswer is not null && !best.Any(c => c.IsNull))
            best.Add(noAnswer);
        if (best.Count == 0)
            return [new Candidate(0, 0, 0, IsNull: true)];
        double top = best.Max(c => (double)c.Score);
        var weights = best.Select(c => Math.Exp(c.Score - top)).ToList();
        double total = weights.Sum();
        return best.Select((c, i) => c with { Probability = weights[i] / total }).ToList();
    }

    // The indices of the count highest values, highest first (numpy's argsort()[-1:-count-1:-1]).
    private static IEnumerable<int> Top(float[] values, int count) =>
        Enumerable.Range(0, values.Length).OrderByDescending(i => values[i]).ThenByDescending(i => i).Take(count);

    private static void CheckShapes(WindowScores window)
    {
        int tokens = window.ContextSpans.Length;
        if (tokens == 0 || window.StartLogits.Length != tokens || window.EndLogits.Length != tokens)
            throw new ArgumentException($"a window's start logits ({window.StartLogits.Length}), end logits ({window.EndLogits.Length}) and token spans ({tokens}) must have one entry per token, at least one");
    }
}
