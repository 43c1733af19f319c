using System.Text.Json;
using BertGen.QuestionAnswering;
using BertGen.Tests.Infrastructure;

namespace BertGen.Tests.QuestionAnswering;

/// <summary>
/// Answers are picked from window logits as Hugging Face's <c>postprocess_qa_predictions</c> picks them, on committed
/// cases (tests/fixtures/make_answer_references.py: its code on random contexts cut into overlapping windows, v1.1 and
/// v2.0, several n-best sizes, answer lengths and null thresholds).
/// </summary>
public class AnswerSearchTests
{
    private static readonly JsonElement[] s_cases = JsonDocument.Parse(File.ReadAllText(
        Path.Combine(RepositoryPaths.Root, "tests", "fixtures", "metrics", "answer-references.json"))).RootElement.EnumerateArray().ToArray();

    [Fact]
    public void Every_case_gives_the_answer_and_candidates_utils_qa_gives()
    {
        Assert.Equal(120, s_cases.Length);
        foreach (var (reference, index) in s_cases.Select((c, i) => (c, i)))
        {
            var context = reference.GetProperty("context").GetString()!;
            var windows = reference.GetProperty("windows").EnumerateArray().Select(Window).ToList();
            var o = reference.GetProperty("options");
            var options = new AnswerOptions
            {
                CandidateCount = o.GetProperty("n_best_size").GetInt32(),
                MaxAnswerLength = o.GetProperty("max_answer_length").GetInt32(),
                AllowNoAnswer = o.GetProperty("version_2_with_negative").GetBoolean(),
                NoAnswerThreshold = o.GetProperty("null_score_diff_threshold").GetDouble(),
            };
            var expected = reference.GetProperty("expected");

            var answer = AnswerSearch.Best(context, windows, options);

            string where = $"case {index}";
            Assert.True(expected.GetProperty("text").GetString() == answer.Text, $"{where}: expected \"{expected.GetProperty("text").GetString()}\", got \"{answer.Text}\"");
            Assert.Equal((expected.GetProperty("start").GetInt32(), expected.GetProperty("end").GetInt32()), (answer.Start, answer.End));
            if (expected.GetProperty("degenerate").GetBoolean())
                continue; // utils_qa adds a made-up "empty" candidate with score 0 here; BertGen answers nothing.
            Assert.True(Math.Abs(expected.GetProperty("probability").GetDouble() - answer.Score) < 1e-6, $"{where}: probability {answer.Score} against {expected.GetProperty("probability").GetDouble()}");
            var candidates = AnswerSearch.Candidates(context, windows, options);
            var expectedCandidates = expected.GetProperty("candidates").EnumerateArray().ToList();
            Assert.Equal(expectedCandidates.Count, candidates.Count);
            foreach (var (want, got) in expectedCandidates.Zip(candidates))
            {
                Assert.Equal((want.GetProperty("text").GetString(), want.GetProperty("start").GetInt32(), want.GetProperty("end").GetInt32()), (got.Text, got.Start, got.End));
                Assert.True(Math.Abs(want.GetProperty("probability").GetDouble() - got.Score) < 1e-6, $"{where}: candidate \"{got.Text}\" probability {got.Score}");
            }
        }
    }

    [Fact]
    public void A_window_without_any_valid_span_answers_nothing()
    {
        // Every start after every end: no candidate, so no answer (utils_qa would answer the text "empty").
        var window = new WindowScores([0f, 1f, 9f], [0f, 9f, 1f], [null, (0, 5), (6, 11)]);

        var answer = AnswerSearch.Best("hello world", [window], new AnswerOptions { CandidateCount = 1 });

        Assert.False(answer.HasAnswer);
        Assert.Equal((0, 0), (answer.Start, answer.End));
    }

    [Fact]
    public void The_best_span_across_windows_wins_and_maps_back_to_the_context()
    {
        const string context = "Denver beat Carolina in Santa Clara";
        // Two windows share "Carolina in"; the second scores "Santa Clara" highest.
        var first = new WindowScores([0f, 2f, 0f, 1f, 0f, 0f], [0f, 2f, 0f, 0f, 0f, 0f], [null, (0, 6), (7, 11), (12, 20), (21, 23), null]);
        var second = new WindowScores([0f, 0f, 0f, 5f, 0f, 0f], [0f, 0f, 0f, 0f, 5f, 0f], [null, (12, 20), (21, 23), (24, 29), (30, 35), null]);

        var answer = AnswerSearch.Best(context, [first, second], new AnswerOptions());

        Assert.Equal(("Santa Clara", 24, 35), (answer.Text, answer.Start, answer.End));
        Assert.InRange(answer.Score, 0.5, 1.0);
    }

    private static WindowScores Window(JsonElement window)
    {
        float[] Floats(string name) => window.GetProperty(name).EnumerateArray().Select(v => (float)v.GetDouble()).ToArray();
        var spans = window.GetProperty("spans").EnumerateArray()
            .Select(s => s.ValueKind == JsonValueKind.Null ? ((int, int)?)null : (s[0].GetInt32(), s[1].GetInt32())).ToArray();
        return new WindowScores(Floats("start_logits"), Floats("end_logits"), spans);
    }
}
