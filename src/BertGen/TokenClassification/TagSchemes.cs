namespace BertGen.TokenClassification;

/// <summary>Checks a sentence's tags against their scheme and converts them to IOB2.</summary>
public static class TagSchemes
{
    /// <summary>
    /// The tags in IOB2, or why they break <paramref name="scheme"/>: a tag that is neither <c>O</c> nor a prefix, a
    /// dash and a type; a prefix the scheme does not have; an I-/E- that continues nothing of its type (IOB2, BIOES).
    /// </summary>
    public static (string[]? Tags, string? Problem) ToIob2(IReadOnlyList<string> tags, TagScheme scheme)
    {
        var converted = new string[tags.Count];
        string previousPrefix = "O", previousType = "";
        for (int i = 0; i < tags.Count; i++)
        {
            var tag = tags[i];
            bool open = previousPrefix is "B" or "I";
            if (scheme == TagScheme.Bioes && open && !(tag == "I-" + previousType || tag == "E-" + previousType))
                return (null, $"word {i + 1}: the {previousType} entity is not closed by E- before \"{tag}\" ({scheme})");
            if (tag == "O")
            {
                converted[i] = "O";
                (previousPrefix, previousType) = ("O", "");
                continue;
            }
            int dash = tag.IndexOf('-');
            var (prefix, type) = dash > 0 && dash < tag.Length - 1 ? (tag[..dash], tag[(dash + 1)..]) : ("", "");
            var allowed = scheme == TagScheme.Bioes ? "BIES" : "BI";
            if (prefix.Length != 1 || !allowed.Contains(prefix[0]))
                return (null, $"word {i + 1}: the tag \"{tag}\" is not O or {string.Join("-, ", allowed.Select(c => c.ToString()))}- and a type ({scheme})");
            bool continues = previousPrefix is "B" or "I" && previousType == type;
            string result;
            switch (scheme, prefix)
            {
                case (TagScheme.Iob1, "I"):
                    result = (continues ? "I-" : "B-") + type;
                    break;
                case (TagScheme.Iob1, _):
                case (_, "B"):
                    result = "B-" + type;
                    break;
                case (_, "I") or (TagScheme.Bioes, "E"):
                    if (!continues)
                        return (null, $"word {i + 1}: \"{tag}\" continues no {type} entity (the word before is tagged \"{(i == 0 ? "nothing" : tags[i - 1])}\") ({scheme})");
                    result = "I-" + type;
                    break;
                default: // BIOES S-
                    result = "B-" + type;
                    break;
            }
            converted[i] = result;
            // After E- or S- an entity is closed: only B-/S- may follow.
            (previousPrefix, previousType) = prefix is "E" or "S" ? ("O", "") : (prefix, type);
        }
        if (scheme == TagScheme.Bioes && previousPrefix is "B" or "I")
            return (null, $"word {tags.Count}: the {previousType} entity is not closed by E- ({scheme})");
        return (converted, null);
    }
}
