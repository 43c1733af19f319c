using System.Text;
using BertGen.Data;
using BertGen.Tests.Infrastructure;

namespace BertGen.Tests.Data;

/// <summary>Real tab-separated files from shared/data: raw quotes, a byte order mark, no header.</summary>
public sealed class RealDataFileTests
{
    [SkippableFact]
    public void Mrpc_train_tsv_is_read_completely_despite_raw_quotes_and_its_byte_order_mark()
    {
        var path = SharedData.File("mrpc/train.tsv");
        var lines = File.ReadAllLines(path, Encoding.UTF8);
        // Counted independently: every line after the header is one pair; some hold a quote a CSV reader would take as opening a field.
        int rows = lines.Skip(1).Count(l => l.Length > 0);
        Assert.Contains(lines.Skip(1), l => l.Split('\t')[3].StartsWith('"'));

        var data = TextDatasets.Read(path, new TextDataOptions { TextColumn = "#1 String", LabelColumn = "Quality", Clean = false });

        Assert.Equal(rows, data.Examples.Count);
        Assert.Equal(3668, data.Examples.Count);
        Assert.Equal(0, data.SkippedRows);
        Assert.Equal(["0", "1"], data.Labels);
        // The header's first name is found through the byte order mark, and texts keep their quotes as they are.
        var withQuote = lines.Select((l, i) => (Line: i + 1, Fields: l.Split('\t'))).Skip(1).First(l => l.Fields[3].Contains('"'));
        var example = data.Examples.Single(e => e.Line == withQuote.Line);
        Assert.Equal((withQuote.Fields[3], withQuote.Fields[0]), (example.Text, example.Label));
    }

    [SkippableFact]
    public void Uci_sentences_are_read_without_a_header_by_column_index()
    {
        var path = SharedData.File("uci-sentiment/imdb_labelled.txt");
        var lines = File.ReadAllLines(path, Encoding.UTF8);

        var data = TextDatasets.Read(path, new TextDataOptions { HasHeader = false, TextColumn = "0", LabelColumn = "1", Delimiter = '\t', Clean = false });

        Assert.Equal(1000, data.Examples.Count);
        Assert.Equal(["0", "1"], data.Labels);
        Assert.Equal(500, data.Examples.Count(e => e.Label == "1"));
        Assert.Equal(lines[0].Split('\t')[0], data.Examples[0].Text);
        Assert.Equal(1L, data.Examples[0].Line);
    }

    [SkippableFact]
    public void Uci_sentences_are_found_tab_separated_without_being_told()
    {
        var path = SharedData.File("uci-sentiment/imdb_labelled.txt");

        var texts = TextDatasets.ReadTexts(path, new TextDataOptions { HasHeader = false, TextColumn = "0", Clean = false });

        Assert.Equal(1000, texts.Count);
    }
}
