using System.Text;
using BertGen.Data;

namespace BertGen.Tests.Hardening;

/// <summary>
/// What used to change data without a word: a gzip file cut short (fewer rows), invalid UTF-8 (U+FFFD in the
/// text), NUL bytes (binary data read as text). Each is refused naming the file and, where there is one, the line;
/// gzip files of several members (concatenated) are read whole.
/// </summary>
public sealed class TextEncodingHardeningTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("bertgen-encoding-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private static readonly TextDataOptions s_columns = new() { TextColumn = "text", LabelColumn = "label" };

    private static string Rows(int count) =>
        "text,label\n" + string.Concat(Enumerable.Range(0, count).Select(i => $"\"Review number {i}, which is {(i % 2 == 0 ? "good" : "bad")}.\",{(i % 2 == 0 ? "pos" : "neg")}\n"));

    private string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(folder, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    [Fact]
    public void A_gzip_file_cut_short_is_refused_and_concatenated_members_are_read()
    {
        var whole = Mutations.Gzip(Encoding.UTF8.GetBytes(Rows(2000)));
        var cut = Write("cut.csv.gz", whole[..(whole.Length * 2 / 3)]);
        var trailerless = Write("trailerless.csv.gz", whole[..^4]);
        var twoMembers = Write("members.csv.gz", [.. Mutations.Gzip(Encoding.UTF8.GetBytes(Rows(10))), .. Mutations.Gzip(Encoding.UTF8.GetBytes("\"One more, fine.\",pos\n"))]);

        foreach (var path in new[] { cut, trailerless })
        {
            var error = Assert.Throws<DataException>(() => TextDatasets.Read(path, s_columns));
            Assert.StartsWith(path + ":", error.Message);
            Assert.Contains("ends early or is damaged", error.Message);
            var lines = Assert.Throws<DataException>(() => DataFiles.Lines(path).ToList());
            Assert.StartsWith(path + ":", lines.Message);
        }
        Assert.Equal(11, TextDatasets.Read(twoMembers, s_columns).Examples.Count);
    }

    [Fact]
    public void Invalid_utf8_is_refused_with_the_line_and_the_byte()
    {
        var bytes = Encoding.UTF8.GetBytes(Rows(3)).ToList();
        var third = Encoding.UTF8.GetString([.. bytes]).IndexOf("Review number 1", StringComparison.Ordinal) + "Review ".Length;
        bytes.Insert(third, 0xFF);
        var csv = Write("latin.csv", [.. bytes]);
        var tsv = Write("latin.tsv", [.. "text\tlabel\nfine\tpos\nca"u8, 0xE9, .. "\tneg\n"u8]);

        var fromCsv = Assert.Throws<DataException>(() => TextDatasets.Read(csv, s_columns));
        var fromTsv = Assert.Throws<DataException>(() => TextDatasets.Read(tsv, s_columns));
        var texts = Assert.Throws<DataException>(() => CsvTextReader.ReadTexts(csv, "text"));
        var skipped = TextDatasets.Read(csv, s_columns with { SkipBadRows = true });

        Assert.StartsWith($"{csv}:3: the text (column 0) is not valid UTF-8: byte 8 of the field (0xFF)", fromCsv.Message);
        Assert.StartsWith($"{tsv}:3: the text (column 0) is not valid UTF-8: byte 3 of the field (0xE9)", fromTsv.Message);
        Assert.StartsWith($"{csv}:3:", texts.Message);
        Assert.Equal((2, 1), (skipped.Examples.Count, skipped.SkippedRows));
    }

    [Fact]
    public void Nul_characters_in_a_text_are_refused()
    {
        var csv = Write("binary.csv", [.. "text,label\nfine,pos\n\"ab"u8, 0, 0, .. "c\",neg\n"u8]);
        var error = Assert.Throws<DataException>(() => TextDatasets.Read(csv, s_columns));
        Assert.Equal($"{csv}:3: the text holds a NUL character (U+0000) at character 3: binary data, not text", error.Message);
    }
}
