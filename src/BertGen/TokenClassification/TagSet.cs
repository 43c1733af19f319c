using BertGen.Data;

namespace BertGen.TokenClassification;

/// <summary>A model's tags by id (IOB2): <c>O</c> first, then B- and I- of each entity type in ordinal order.</summary>
public sealed class TagSet
{
    private readonly Dictionary<string, int> ids;

    public TagSet(IReadOnlyList<string> names)
    {
        Names = names;
        ids = names.Select((name, id) => (name, id)).ToDictionary(p => p.name, p => p.id);
    }

    public IReadOnlyList<string> Names { get; }

    public int Count => Names.Count;

    /// <summary>The entity types, in ordinal order.</summary>
    public IEnumerable<string> Types => Names.Where(n => n.StartsWith("B-", StringComparison.Ordinal)).Select(n => n[2..]);

    /// <summary>Every tag the sentences use, with the other half of each type's B-/I- pair.</summary>
    public static TagSet From(IEnumerable<TaggedSentence> sentences)
    {
        var types = sentences.SelectMany(s => s.Tags).Where(t => t != "O").Select(t => t[2..]).Distinct().Order(StringComparer.Ordinal);
        return new TagSet(["O", .. types.SelectMany(type => new[] { "B-" + type, "I-" + type })]);
    }

    /// <summary>The id of <paramref name="tag"/>; a tag the model does not know is an error naming the sentence.</summary>
    public int Id(string tag, TaggedSentence sentence) =>
        ids.TryGetValue(tag, out int id)
            ? id
            : throw new DataException($"{sentence.Source}:{sentence.Line}: the tag \"{tag}\" is not one of the model's {Count} tags ({string.Join(", ", Names)})");
}
