using System.IO.Compression;
using BertGen.Tests.Infrastructure;
using CsvHelper;

namespace BertGen.Tests.Tokenization;

/// <summary>The IMDb reviews of the shared data and the ids Hugging Face's tokenizer gives each (raw text, no truncation).</summary>
internal static class ImdbReference
{
    public static IReadOnlyList<string> Reviews { get; } = ReadReviews();

    private static List<string> ReadReviews()
    {
        using var file = File.OpenRead(SharedData.File("imdb/IMDB_Dataset.csv.gz"));
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var csv = CsvReader.Create(gzip, new CsvReaderOptions { Separator = ',' }, false);
        int column = csv.GetFieldIndex("review");
        var reviews = new List<string>(50_000);
        while (csv.Read())
            reviews.Add(csv.GetString(column));
        return reviews;
    }

    public static IEnumerable<int[]> Ids()
    {
        using var file = File.OpenRead(SharedData.File("imdb/IMDB_Dataset.bert-base-uncased.ids.txt.gz"));
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var reader = new StreamReader(gzip);
        while (reader.ReadLine() is { } line)
            yield return line.Split(' ').Select(int.Parse).ToArray();
    }
}
