using BertGen.Data;
using BertGen.Tokenization;

namespace BertGen.QuestionAnswering;

/// <summary>
/// One window of a question's context, encoded: its question, ids, segments, each token's span of the context (null
/// outside it), and for training the answer's first and last token (both 0, [CLS], when the answer is not wholly
/// inside the window).
/// </summary>
public sealed record QuestionWindow(SquadExample Example, int[] InputIds, int[] TokenTypeIds, (int Start, int End)?[] ContextSpans, int StartPosition, int EndPosition)
{
    public int Length => InputIds.Length;

    /// <summary>Whether the window holds its question's answer (training marks the answer's tokens, not [CLS]).</summary>
    public bool HoldsAnswer => StartPosition > 0;
}

/// <summary>Question-answering features as Hugging Face's <c>run_qa</c> prepares them.</summary>
public static class QuestionWindows
{
    /// <summary>
    /// Encodes every question with windows of its context (<see cref="BertTokenizer.EncodeWindows"/>) on all cores, and
    /// marks in each the first gold answer's tokens as <c>prepare_train_features</c> does: the tokens whose spans hold
    /// the answer's first and last character, or [CLS] when the window does not hold the whole answer (and for questions
    /// without one). A question's windows are consecutive, in context order. With <paramref name="skipped"/>, a question
    /// too long for its windows is left out and its problem added there instead of thrown.
    /// </summary>
    /// <exception cref="DataException">A question too long to leave the context more room than the stride (named by its JSON path).</exception>
    public static List<QuestionWindow> Prepare(BertTokenizer tokenizer, IReadOnlyList<SquadExample> examples, int maxLength, int stride, List<string>? skipped = null)
    {
        var perExample = new List<QuestionWindow>[examples.Count];
        var problems = new string?[examples.Count];
        Parallel.For(0, examples.Count, i =>
        {
            try
            {
                perExample[i] = Prepare(tokenizer, examples[i], maxLength, stride);
            }
            catch (DataException e) when (skipped is not null)
            {
                (perExample[i], problems[i]) = ([], e.Message);
            }
        });
        skipped?.AddRange(problems.OfType<string>());
        return perExample.SelectMany(w => w).ToList();
    }

    /// <summary>The windows of one question, marked as <see cref="Prepare(BertTokenizer, IReadOnlyList{SquadExample}, int, int, List{string})"/> marks them.</summary>
    public static List<QuestionWindow> Prepare(BertTokenizer tokenizer, SquadExample example, int maxLength, int stride)
    {
        IReadOnlyList<BertEncoding> windows;
        try
        {
            windows = tokenizer.EncodeWindows(example.Question, example.Context, maxLength, stride);
        }
        catch (ArgumentException e)
        {
            throw new DataException($"{example.Source}: {e.Message}", e);
        }
        return windows.Select(window =>
        {
            // The context part is segment 1 up to the closing [SEP]: by position, so that a "[SEP]" written in the
            // context stays a context token.
            var spans = window.Offsets!.Select((o, t) => window.TokenTypeIds[t] == 1 && t < window.Length - 1 ? o : ((int, int)?)null).ToArray();
            var (start, end) = example.Answers.Count == 0 ? (0, 0) : Locate(spans, example.Answers[0]);
            return new QuestionWindow(example, window.InputIds, window.TokenTypeIds, spans, start, end);
        }).ToList();
    }

    private static (int Start, int End) Locate((int Start, int End)?[] spans, SquadAnswer answer)
    {
        int first = Array.FindIndex(spans, s => s is not null), last = Array.FindLastIndex(spans, s => s is not null);
        if (first < 0 || spans[first]!.Value.Start > answer.Start || spans[last]!.Value.End < answer.End)
            return (0, 0);
        int start = first, end = last;
        while (start + 1 <= last && spans[start + 1]!.Value.Start <= answer.Start)
            start++;
        while (end - 1 >= first && spans[end - 1]!.Value.End >= answer.End)
            end--;
        return (start, end);
    }
}
