using System.CommandLine;
using System.Text.Json;
using BertGen.Prediction;
using BertGen.TokenClassification;

namespace BertGen.Cli;

/// <summary>
/// What <c>finetune --task Ner</c>, <c>evaluate</c> and <c>predict</c> add for named entities: where the tags are and
/// in which scheme, and how evaluate and predict run a token-classification folder (they dispatch here when its
/// config.json names BertForTokenClassification).
/// </summary>
internal sealed class NerOptions
{
    public Option<int> TagColumn { get; } = new("--tag-column")
    {
        Description = "Named entities, CoNLL files: the 0-based column of the tag (word POS chunk NER: 3); negative counts from the end",
        DefaultValueFactory = _ => -1,
    };

    public Option<TagScheme> TagScheme { get; } = new("--tag-scheme") { Description = "Named entities: how the tags write spans (Iob2, Iob1 or Bioes); converted to IOB2", DefaultValueFactory = _ => TokenClassification.TagScheme.Iob2 };

    public Option<bool> LabelAllTokens { get; } = new("--label-all-tokens") { Description = "Named entities: train every word piece on its word's tag, not only the first" };

    public Option<EntityAggregation> Aggregation { get; } = new("--aggregation") { Description = "Named entities: a word's tag from its pieces: First, Average or Max", DefaultValueFactory = _ => EntityAggregation.First };

    public void AddTo(Command command, CommandUse use)
    {
        if (use == CommandUse.Prediction)
        {
            command.Options.Add(Aggregation);
            return;
        }
        command.Options.Add(TagColumn);
        command.Options.Add(TagScheme);
        if (use == CommandUse.Training)
            command.Options.Add(LabelAllTokens);
    }

    /// <summary>Where the tags are; JSON Lines fields are --text-column and --label-column when given (default tokens and tags).</summary>
    public TaggedDataOptions Read(ParseResult result, DataOptions data)
    {
        var defaults = new TaggedDataOptions();
        string Given(Option<string> option, string fallback) => result.GetResult(option) is { Implicit: false } ? result.GetValue(option)! : fallback;
        return new TaggedDataOptions
        {
            TagColumn = result.GetValue(TagColumn),
            Scheme = result.GetValue(TagScheme),
            TokensField = Given(data.TextColumn, defaults.TokensField),
            TagsField = Given(data.LabelColumn, defaults.TagsField),
            SkipBadRows = result.GetValue(data.SkipBadRows),
        };
    }

    /// <summary><c>evaluate</c> on a token-classification folder: seqeval's entity scores over the data's words.</summary>
    public int Evaluate(string folder, string data, TaggedDataOptions options, TextClassifierOptions inference, bool json)
    {
        using var tagger = EntityTagger.Load(folder, inference);
        var dataset = TaggedDatasets.Read(data, options);
        var sentences = dataset.Sentences;
        var scores = EntityScores.Compute(sentences.Select(s => s.Tags).ToList(), tagger.PredictWordTags(sentences.Select(s => s.Words).ToList()));
        if (json)
        {
            Console.WriteLine(JsonSerializer.Serialize(scores, new JsonSerializerOptions { WriteIndented = true }));
            return 0;
        }
        Console.WriteLine($"{sentences.Count} sentences{(dataset.SkippedRows > 0 ? $" ({dataset.SkippedRows} bad skipped)" : "")}: entity F1 {scores.Micro.F1:F4}, precision {scores.Micro.Precision:F4}, recall {scores.Micro.Recall:F4}, token accuracy {scores.TokenAccuracy:P2}");
        foreach (var type in scores.ByType)
            Console.WriteLine($"  {type.Type,-8} precision {type.Precision:F4}  recall {type.Recall:F4}  F1 {type.F1:F4}  support {type.Support}");
        return 0;
    }

    /// <summary><c>predict</c> on a token-classification folder: the entities of each --text, or of each text of --data.</summary>
    public int Predict(ParseResult result, string folder, IReadOnlyList<string> texts, TextClassifierOptions inference, bool json)
    {
        using var tagger = EntityTagger.Load(folder, inference);
        foreach (var (text, entities) in texts.Zip(tagger.Predict(texts, result.GetValue(Aggregation))))
        {
            if (json)
            {
                Console.WriteLine(JsonSerializer.Serialize(new
                {
                    text,
                    entities = entities.Select(e => new { type = e.Type, score = e.Score, start = e.Start, end = e.End, text = e.Text }),
                }));
                continue;
            }
            Console.WriteLine(text);
            foreach (var e in entities)
                Console.WriteLine($"  {e.Type,-6} {e.Score:P1}  [{e.Start}, {e.End})  {e.Text}");
        }
        return 0;
    }
}
