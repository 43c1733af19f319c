namespace BertGen.QuestionAnswering;

/// <summary>
/// An answer to a question: its text, its probability among the best candidates, and its span <c>[Start, End)</c> of
/// the context (UTF-16 indices). No answer (SQuAD v2.0's null answer, or a context with no candidate span) is empty
/// text at <c>[0, 0)</c>.
/// </summary>
public sealed record AnswerPrediction(string Text, double Score, int Start, int End)
{
    public bool HasAnswer => Text.Length > 0;

    public static AnswerPrediction None(double score) => new("", score, 0, 0);
}

/// <summary>How answers are picked from the windows' start and end scores: <c>run_qa</c>'s arguments and defaults.</summary>
public sealed record AnswerOptions
{
    /// <summary>The longest answer, in tokens (<c>max_answer_length</c>).</summary>
    public int MaxAnswerLength { get; init; } = 30;

    /// <summary>How many starts and ends of each window are paired, and how many candidates are kept (<c>n_best_size</c>).</summary>
    public int CandidateCount { get; init; } = 20;

    /// <summary>
    /// Whether a question may have no answer (SQuAD v2.0, <c>version_2_with_negative</c>): then the [CLS] score competes,
    /// and the answer is empty when it beats the best span by more than <see cref="NoAnswerThreshold"/>.
    /// </summary>
    public bool AllowNoAnswer { get; init; }

    /// <summary>How far the no-answer score must exceed the best span's for the answer to be empty (<c>null_score_diff_threshold</c>).</summary>
    public double NoAnswerThreshold { get; init; }

    /// <exception cref="ArgumentException">A count below 1.</exception>
    public void Validate()
    {
        if (MaxAnswerLength < 1)
            throw new ArgumentException($"the maximum answer length must be at least 1 token (got {MaxAnswerLength})");
        if (CandidateCount < 1)
            throw new ArgumentException($"the number of candidate answers must be at least 1 (got {CandidateCount})");
    }
}
