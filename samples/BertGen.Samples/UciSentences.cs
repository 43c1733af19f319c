using BertGen.Data;

namespace BertGen.Samples;

/// <summary>
/// The UCI "Sentiment Labelled Sentences" (Kotzias et al., KDD 2015, CC BY 4.0; see data/uci-sentiment):
/// 3,000 real review sentences from IMDb, Amazon and Yelp, as <c>sentence&lt;TAB&gt;label</c> lines.
/// </summary>
internal static class UciSentences
{
    public static string Folder => Path.Combine(AppContext.BaseDirectory, "data", "uci-sentiment");

    /// <summary>Every sentence of the three files, labelled <c>negative</c> (0) or <c>positive</c> (1).</summary>
    public static List<LabeledText> Read()
    {
        var options = new TextDataOptions { HasHeader = false, Delimiter = '\t', TextColumn = "0", LabelColumn = "1" };
        return Directory.GetFiles(Folder, "*_labelled.txt").Order(StringComparer.Ordinal)
            .SelectMany(file => TextDatasets.Read(file, options).Examples)
            .Select(e => e with { Label = e.Label == "1" ? "positive" : "negative" })
            .ToList();
    }
}
