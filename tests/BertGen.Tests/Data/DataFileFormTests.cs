using System.IO.Compression;
using System.Text;
using BertGen.Data;

namespace BertGen.Tests.Data;

/// <summary>Tab-separated, headerless and JSON Lines files, and the errors each names by file and line.</summary>
public sealed class DataFileFormTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("bertgen-forms-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private string Write(string name, string content, bool byteOrderMark = false)
    {
        var path = Path.Combine(folder, name);
        File.WriteAllText(path, content, new UTF8Encoding(byteOrderMark));
        return path;
    }

    private static TextDataOptions Columns(string text = "text", string label = "label") => new() { TextColumn = text, LabelColumn = label, Clean = false };

    [Fact]
    public void Quotes_are_literal_in_a_tsv()
    {
        var path = Write("pairs.tsv", "label\ttext\npositive\t\"Quoted\" start, and a \"middle\" one\nnegative\t5\" tall\n", byteOrderMark: true);

        var data = TextDatasets.Read(path, Columns());

        Assert.Equal(["\"Quoted\" start, and a \"middle\" one", "5\" tall"], data.Examples.Select(e => e.Text));
        Assert.Equal(3L, data.Examples[1].Line);
    }

    [Fact]
    public void A_tab_delimiter_reads_any_file_without_quoting_and_other_delimiters_are_accepted()
    {
        var tabbed = Write("pairs.txt", "text\tlabel\n\"Open quote\tgood\n");
        var semicolons = Write("pairs.csv", "text;label\n\"a;b\";good\n");

        Assert.Equal("\"Open quote", Assert.Single(TextDatasets.Read(tabbed, Columns() with { Delimiter = '\t' }).Examples).Text);
        Assert.Equal("a;b", Assert.Single(TextDatasets.Read(semicolons, Columns() with { Delimiter = ';' }).Examples).Text);
    }

    [Fact]
    public void A_gzipped_tsv_is_read()
    {
        var path = Path.Combine(folder, "pairs.tsv.gz");
        using (var gzip = new GZipStream(File.Create(path), CompressionLevel.Fastest))
            gzip.Write("text\tlabel\n\"Fine\tgood\n"u8);

        Assert.Equal("\"Fine", Assert.Single(TextDatasets.Read(path, Columns()).Examples).Text);
    }

    [Fact]
    public void A_headerless_file_is_read_by_column_index_and_a_name_is_an_error()
    {
        var path = Write("sentences.tsv", "Good film.\t1\nBad film.  \t0\n");

        var data = TextDatasets.Read(path, Columns("0", "1") with { HasHeader = false });
        var error = Assert.Throws<DataException>(() => TextDatasets.Read(path, Columns("text", "1") with { HasHeader = false }));

        Assert.Equal([("Good film.", "1", 1L), ("Bad film.  ", "0", 2L)], data.Examples.Select(e => (e.Text, e.Label, e.Line)));
        Assert.Equal($"{path}: is read without a header, so the text column must be a 0-based column index (0, 1, ...), not \"text\"", error.Message);
    }

    [Fact]
    public void A_column_index_past_the_fields_names_the_file_and_line()
    {
        var path = Write("sentences.tsv", "Good film.\t1\n");

        var error = Assert.Throws<DataException>(() => TextDatasets.Read(path, Columns("0", "2") with { HasHeader = false }));

        Assert.Equal($"{path}:1: the row has 2 fields; column 2 (label) is missing", error.Message);
    }

    [Fact]
    public void A_tsv_row_with_a_missing_field_names_the_file_and_line()
    {
        var path = Write("pairs.tsv", "text\tlabel\nFine.\tgood\nNo label here\n");

        var error = Assert.Throws<DataException>(() => TextDatasets.Read(path, Columns()));

        Assert.StartsWith($"{path}:3: the row does not parse as tab-separated values", error.Message);
    }

    [Fact]
    public void Json_lines_are_read_by_field_name_with_numeric_labels_and_blank_lines()
    {
        var path = Write("reviews.jsonl", "{\"text\": \"Great <br />film\", \"label\": 1, \"id\": 7}\n\n{\"label\": \"neg\", \"text\": \"Dull \\\"epic\\\".\"}\n", byteOrderMark: true);

        var data = TextDatasets.Read(path, Columns() with { Clean = true });

        Assert.Equal([("Great film", "1", 1L), ("Dull \"epic\".", "neg", 3L)], data.Examples.Select(e => (e.Text, e.Label, e.Line)));
        Assert.Equal(["Great <br />film", "Dull \"epic\"."], TextDatasets.ReadTexts(path, Columns()));
    }

    [Fact]
    public void Gzipped_json_lines_are_read()
    {
        var path = Path.Combine(folder, "reviews.jsonl.gz");
        using (var gzip = new GZipStream(File.Create(path), CompressionLevel.Fastest))
            gzip.Write("{\"text\": \"Fine.\", \"label\": true}\n"u8);

        Assert.Equal(("Fine.", "true"), Assert.Single(TextDatasets.Read(path, Columns()).Examples) is var e ? (e.Text, e.Label) : default);
    }

    [Theory]
    [InlineData("{\"text\": \"Fine.\", \"label\": 1}\n{\"text\": \"Broken\", \"label\": \n", 2, "the line is not valid JSON")]
    [InlineData("{\"text\": \"Fine.\", \"label\": 1}\n{\"review\": \"Other field\", \"label\": 0}\n", 2, "has no field \"text\"; its fields are \"review\", \"label\"")]
    [InlineData("{\"text\": \"Fine.\", \"label\": 1}\n[\"text\", 1]\n", 2, "expected a JSON object, found an array")]
    [InlineData("{\"text\": 5, \"label\": 1}\n", 1, "the field \"text\" is a number; expected a string")]
    [InlineData("{\"text\": \"Fine.\", \"label\": null}\n", 1, "the field \"label\" is null; expected a string, a number or a boolean")]
    [InlineData("{\"text\": \"  \", \"label\": 1}\n", 1, "the text is empty")]
    public void A_bad_json_line_names_the_file_line_and_field(string content, int line, string expected)
    {
        var path = Write("reviews.jsonl", content);

        var error = Assert.Throws<DataException>(() => TextDatasets.Read(path, Columns()));

        Assert.StartsWith($"{path}:{line}: ", error.Message);
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void Bad_json_lines_can_be_skipped_and_are_counted()
    {
        var path = Write("reviews.jsonl", "{\"text\": \"Fine.\", \"label\": 1}\nnot json\n{\"label\": 0}\n{\"text\": \"Bad.\", \"label\": 0}\n");

        var data = TextDatasets.Read(path, Columns() with { SkipBadRows = true });
        var texts = TextDatasets.ReadTexts(path, Columns() with { SkipBadRows = true });

        Assert.Equal(["Fine.", "Bad."], data.Examples.Select(e => e.Text));
        Assert.Equal(2, data.SkippedRows);
        Assert.StartsWith($"{path}:2: the line is not valid JSON", data.SkippedReasons[0]);
        Assert.StartsWith($"{path}:3: has no field \"text\"", data.SkippedReasons[1]);
        Assert.Equal(["Fine.", "Bad."], texts);
    }

    [Fact]
    public void A_csv_with_a_byte_order_mark_finds_its_first_column()
    {
        var path = Write("reviews.csv", "text,label\n\"Quoted, with comma\",good\n", byteOrderMark: true);

        Assert.Equal("Quoted, with comma", Assert.Single(TextDatasets.Read(path, Columns()).Examples).Text);
    }
}
