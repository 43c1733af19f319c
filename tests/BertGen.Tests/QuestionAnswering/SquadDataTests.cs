using BertGen.Data;
using BertGen.QuestionAnswering;
using BertGen.Tests.Infrastructure;
using BertGen.Tokenization;

namespace BertGen.Tests.QuestionAnswering;

/// <summary>SQuAD read with its answers checked, split by article, and windowed with the answer's tokens marked as run_qa marks them.</summary>
public sealed class SquadDataTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("bertgen-squad-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [SkippableFact]
    public void The_dev_set_reads_whole_and_splits_by_article()
    {
        var dev = SquadDatasets.Read(SharedData.File("squad/dev-v1.1.json.gz"));

        Assert.Equal((10_570, 48), (dev.Examples.Count, dev.Articles));
        Assert.Equal("Which NFL team represented the AFC at Super Bowl 50?", dev.Examples[0].Question);
        Assert.Equal("Denver Broncos", dev.Examples[0].Answers[0].Text);
        var (train, validation) = SquadDatasets.SplitByArticle(dev.Examples, 0.2, seed: 1);
        Assert.Empty(train.Select(e => e.Article).Intersect(validation.Select(e => e.Article)));
        Assert.Equal(10, validation.Select(e => e.Article).Distinct().Count());
        Assert.Equal(dev.Examples.Count, train.Count + validation.Count);
    }

    [SkippableFact]
    public void Each_window_marks_the_tokens_that_hold_the_answer_or_CLS_when_it_does_not_hold_it()
    {
        var tokenizer = BertTokenizer.FromVocabulary(SharedData.File("vocab/bert-base-uncased-vocab.txt"));
        var examples = SquadDatasets.Read(SharedData.File("squad/dev-v1.1.json.gz")).Examples.Take(600).ToList();

        var windows = QuestionWindows.Prepare(tokenizer, examples, maxLength: 128, stride: 32);

        Assert.True(windows.Count > examples.Count, "long contexts give several windows");
        foreach (var window in windows)
        {
            var example = window.Example;
            var answer = example.Answers[0];
            if (window.StartPosition == 0)
            {
                // No window that holds the whole answer is marked CLS.
                Assert.Equal(0, window.EndPosition);
                var spans = window.ContextSpans.OfType<(int Start, int End)>().ToList();
                Assert.False(spans[0].Start <= answer.Start && spans[^1].End >= answer.End, $"{example.Source}: the window holds the answer");
                continue;
            }
            var (start, end) = (window.ContextSpans[window.StartPosition]!.Value.Start, window.ContextSpans[window.EndPosition]!.Value.End);
            Assert.Contains(answer.Text, example.Context[start..end]);
            Assert.True(window.StartPosition <= window.EndPosition);
        }
        int answered = windows.Where(w => w.HoldsAnswer).Select(w => w.Example.Id).Distinct().Count();
        Assert.True(answered >= examples.Count * 0.99, $"only {answered} of {examples.Count} questions have a window with their answer");
    }

    [SkippableFact]
    public void A_SEP_written_in_the_context_stays_a_context_token()
    {
        var tokenizer = BertTokenizer.FromVocabulary(SharedData.File("vocab/bert-base-uncased-vocab.txt"));
        const string context = "Alpha [SEP] beta gamma.";
        var example = new SquadExample("1", "Which comes last?", context, [new SquadAnswer("gamma", context.IndexOf("gamma", StringComparison.Ordinal))], false, 0, "test");

        var window = Assert.Single(QuestionWindows.Prepare(tokenizer, [example], maxLength: 64, stride: 8));

        Assert.Equal("gamma", context[window.ContextSpans[window.StartPosition]!.Value.Start..window.ContextSpans[window.EndPosition]!.Value.End]);
        Assert.Equal(5, window.ContextSpans.Count(s => s is not null)); // alpha [SEP] beta gamma .
    }

    [Fact]
    public void An_answer_that_does_not_match_its_context_is_an_error_naming_its_JSON_path()
    {
        var path = Path.Combine(folder, "bad.json");
        File.WriteAllText(path, """
            {"data": [{"title": "t", "paragraphs": [{"context": "Denver won the game.", "qas": [
              {"id": "1", "question": "Who won?", "answers": [{"text": "Denver", "answer_start": 0}]},
              {"id": "2", "question": "What did Denver win?", "answers": [{"text": "the game", "answer_start": 5}]}]}]}]}
            """);

        var error = Assert.Throws<DataException>(() => SquadDatasets.Read(path));
        var skipped = SquadDatasets.Read(path, skipBadQuestions: true);

        var expected = $"{path}: data[0].paragraphs[0].qas[1]: answers[0] \"the game\" does not match its context at answer_start 5 (the context has \"r won th\" there)";
        Assert.True(error.Message.Contains(expected, StringComparison.Ordinal), error.Message);
        Assert.Single(skipped.Examples);
        Assert.Equal(1, skipped.SkippedQuestions);
    }
}
