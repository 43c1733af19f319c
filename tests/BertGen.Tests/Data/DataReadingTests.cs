using System.IO.Compression;
using BertGen.Data;

namespace BertGen.Tests.Data;

/// <summary>Data files are read as users have them, and every bad input names the file and line.</summary>
public sealed class DataReadingTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("bertgen-data-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private string Csv(string content, string name = "reviews.csv")
    {
        var path = Path.Combine(folder, name);
        File.WriteAllText(path, content);
        return path;
    }

    [Fact]
    public void A_csv_is_read_with_cleaning_and_line_numbers()
    {
        var path = Csv("review,sentiment\n\"Great film.<br /><br />Loved   it, \"\"truly\"\".\",positive\nDull.,negative\n");

        var data = TextDatasets.Read(path);

        Assert.Equal(2, data.Examples.Count);
        Assert.Equal("Great film. Loved it, \"truly\".", data.Examples[0].Text);
        Assert.Equal(("positive", 2L), (data.Examples[0].Label, data.Examples[0].Line));
        Assert.Equal(3L, data.Examples[1].Line);
        Assert.Equal(["negative", "positive"], data.Labels);
    }

    [Fact]
    public void Cleaning_can_be_switched_off_and_columns_chosen()
    {
        var path = Csv("id,text,label\n1,a<br />b,good\n");

        var data = TextDatasets.Read(path, new TextDataOptions { TextColumn = "text", LabelColumn = "label", Clean = false });

        Assert.Equal("a<br />b", data.Examples[0].Text);
        Assert.Equal("good", data.Examples[0].Label);
    }

    [Fact]
    public void A_gzipped_csv_is_read()
    {
        var path = Path.Combine(folder, "reviews.csv.gz");
        using (var gzip = new GZipStream(File.Create(path), CompressionLevel.Fastest))
            gzip.Write("review,sentiment\nFine.,positive\n"u8);

        Assert.Single(TextDatasets.Read(path).Examples);
        Assert.Equal(["Fine."], CsvTextReader.ReadTexts(path, "review"));
    }

    [Fact]
    public void A_missing_column_names_the_file_the_column_and_the_header()
    {
        var path = Csv("text,sentiment\nFine.,positive\n");

        var error = Assert.Throws<DataException>(() => TextDatasets.Read(path));

        Assert.Equal($"{path}: has no text column \"review\"; its header has \"text\", \"sentiment\"", error.Message);
    }

    [Theory]
    [InlineData("review,sentiment\nFine.,positive\n   ,negative\n", 3, "the text is empty")]
    [InlineData("review,sentiment\nFine.,positive\nBad.,\n", 3, "the label is empty")]
    [InlineData("review,sentiment\nFine.,positive\nOdd.,neutral\n", 3, "the label \"neutral\" is not one of negative, positive")]
    [InlineData("review,sentiment\nFine.,positive\n\"Unclosed,negative\n", 3, "does not parse as CSV")]
    [InlineData("review,sentiment\nFine.,positive\nOne,two,three\n", 3, "does not parse as CSV")]
    public void A_bad_row_names_the_file_and_line(string content, int line, string expected)
    {
        var path = Csv(content);

        var error = Assert.Throws<DataException>(() => TextDatasets.Read(path, new TextDataOptions { KnownLabels = ["negative", "positive"] }));

        Assert.StartsWith($"{path}:{line}: ", error.Message);
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void Bad_rows_can_be_skipped_and_are_counted()
    {
        var path = Csv("review,sentiment\nFine.,positive\n ,negative\nGood.,\nBad.,negative\n");

        var data = TextDatasets.Read(path, new TextDataOptions { SkipBadRows = true });

        Assert.Equal(2, data.Examples.Count);
        Assert.Equal(2, data.SkippedRows);
        Assert.Contains(data.SkippedReasons, r => r.StartsWith($"{path}:3: the text is empty", StringComparison.Ordinal));
    }

    [Fact]
    public void A_missing_file_is_named()
    {
        var error = Assert.Throws<DataException>(() => TextDatasets.Read(Path.Combine(folder, "nope.csv")));

        Assert.Contains("nope.csv: no such data file or folder", error.Message);
    }

    [Fact]
    public void The_aclimdb_layout_is_read_with_imdb_labels()
    {
        foreach (var (split, label, id, text) in new[] { ("train", "pos", 0, "Loved it."), ("train", "neg", 1, "Hated it.<br />Really."), ("test", "pos", 2, "Other split.") })
        {
            Directory.CreateDirectory(Path.Combine(folder, "aclImdb", split, label));
            File.WriteAllText(Path.Combine(folder, "aclImdb", split, label, $"{id}_8.txt"), text);
        }
        Directory.CreateDirectory(Path.Combine(folder, "aclImdb", "test", "neg"));

        var root = TextDatasets.Read(Path.Combine(folder, "aclImdb"));
        var test = TextDatasets.Read(Path.Combine(folder, "aclImdb", "test"));

        Assert.Equal([("Hated it. Really.", "negative"), ("Loved it.", "positive")], root.Examples.Select(e => (e.Text, e.Label)));
        Assert.Equal("Other split.", Assert.Single(test.Examples).Text);
        Assert.Equal(["Other split."], TextDatasets.ReadTexts(Path.Combine(folder, "aclImdb", "test"), new TextDataOptions { Clean = false }));
    }

    [Fact]
    public void An_empty_review_file_is_named()
    {
        Directory.CreateDirectory(Path.Combine(folder, "split", "pos"));
        Directory.CreateDirectory(Path.Combine(folder, "split", "neg"));
        var empty = Path.Combine(folder, "split", "neg", "3_1.txt");
        File.WriteAllText(empty, "  ");

        var error = Assert.Throws<DataException>(() => TextDatasets.Read(Path.Combine(folder, "split")));

        Assert.Equal($"{empty}:1: the text is empty", error.Message);
    }
}
