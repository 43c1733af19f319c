using System.Text.Json;
using BertGen.Tests.Infrastructure;
using BertGen.TokenClassification;

namespace BertGen.Tests.TokenClassification;

/// <summary>
/// Entity scores equal seqeval's on committed cases (tests/fixtures/make_ner_references.py: handwritten edge cases and
/// seeded random tag sequences with I- starts and type changes inside runs, as an untrained model predicts them).
/// </summary>
public class EntityScoreReferenceTests
{
    private static readonly JsonElement s_cases = JsonDocument.Parse(File.ReadAllText(
        Path.Combine(RepositoryPaths.Root, "tests", "fixtures", "metrics", "ner-references.json"))).RootElement.GetProperty("cases");

    public static TheoryData<int> Cases => [.. Enumerable.Range(0, s_cases.GetArrayLength())];

    private static List<IReadOnlyList<string>> Sentences(JsonElement array) =>
        array.EnumerateArray().Select(s => (IReadOnlyList<string>)s.EnumerateArray().Select(t => t.GetString()!).ToList()).ToList();

    [Theory]
    [MemberData(nameof(Cases))]
    public void Scores_match_seqeval(int index)
    {
        var reference = s_cases[index];

        var scores = EntityScores.Compute(Sentences(reference.GetProperty("truth")), Sentences(reference.GetProperty("predicted")));

        void Same(JsonElement expected, EntityScore actual)
        {
            Assert.Equal(expected.GetProperty("precision").GetDouble(), actual.Precision, 12);
            Assert.Equal(expected.GetProperty("recall").GetDouble(), actual.Recall, 12);
            Assert.Equal(expected.GetProperty("f1").GetDouble(), actual.F1, 12);
            Assert.Equal(expected.GetProperty("support").GetInt32(), actual.Support);
        }
        Same(reference.GetProperty("micro"), scores.Micro);
        var byType = reference.GetProperty("by_type").EnumerateObject().ToList();
        Assert.Equal(byType.Select(t => t.Name), scores.ByType.Select(t => t.Type));
        foreach (var (expected, actual) in byType.Zip(scores.ByType))
            Same(expected.Value, actual);
        Assert.Equal(reference.GetProperty("accuracy").GetDouble(), scores.TokenAccuracy, 12);
    }

    [Fact]
    public void An_I_start_opens_an_entity_and_a_type_change_closes_one_as_in_seqeval()
    {
        Assert.Equal([new WordSpan("PER", 0, 1), new WordSpan("LOC", 2, 2)], Entities.Find(["I-PER", "I-PER", "I-LOC", "O"]));
        Assert.Equal([new WordSpan("ORG", 0, 0), new WordSpan("ORG", 1, 1)], Entities.Find(["B-ORG", "B-ORG"]));
    }
}
