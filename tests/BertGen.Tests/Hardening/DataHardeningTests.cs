using System.Text;
using System.Text.Json;
using BertGen.Data;
using BertGen.QuestionAnswering;
using BertGen.TokenClassification;

namespace BertGen.Tests.Hardening;

/// <summary>
/// Seeded mutations of small, valid data files of every form BertGen reads: each is read, or refused with a
/// <see cref="DataException"/> whose message begins with the file (and names the line or JSON path).
/// </summary>
public sealed class DataHardeningTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("bertgen-data-fuzz-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private static readonly TextDataOptions s_columns = new() { TextColumn = "text", LabelColumn = "label" };

    private const string Csv = "text,label\n\"A warm, funny film.\",pos\nDull and far too long.,neg\n\"She said \"\"wow\"\".\",pos\nNot for me,neg\n";

    private const string Conll = "-DOCSTART- -X- -X- O\n\nEU NNP B-NP B-ORG\nrejects VBZ B-VP O\nGerman JJ B-NP B-MISC\ncall NN I-NP O\n\nPeter NNP B-NP B-PER\nBlackburn NNP I-NP I-PER\n";

    private static readonly string s_squad = JsonSerializer.Serialize(new
    {
        version = "1.1",
        data = new[]
        {
            new
            {
                title = "Broncos",
                paragraphs = new[]
                {
                    new
                    {
                        context = "The Denver Broncos won Super Bowl 50 in Santa Clara.",
                        qas = new[] { new { id = "1", question = "Who won?", answers = new[] { new { text = "Denver Broncos", answer_start = 4 } } } },
                    },
                },
            },
        },
    });

    [Fact]
    public void Labelled_text_files_are_read_or_refused_by_name()
    {
        var csv = Encoding.UTF8.GetBytes(Csv);
        var tsv = Encoding.UTF8.GetBytes("text\tlabel\nA warm film.\tpos\nDull and \"long\".\tneg\n");
        var jsonl = Encoding.UTF8.GetBytes("{\"text\": \"A warm film.\", \"label\": \"pos\"}\n{\"text\": \"Dull.\", \"label\": \"neg\"}\n");
        var results = new[]
        {
            Mutations.Check<DataException>(folder, csv, ".csv", 500, 0, path => TextDatasets.Read(path, s_columns)),
            Mutations.Check<DataException>(folder, tsv, ".tsv", 200, 1000, path => TextDatasets.Read(path, s_columns)),
            Mutations.Check<DataException>(folder, jsonl, ".jsonl", 300, 2000, path => TextDatasets.Read(path, s_columns)),
            Mutations.Check<DataException>(folder, Mutations.Gzip(csv), ".csv.gz", 200, 3000, path => TextDatasets.Read(path, s_columns)),
        };
        Assert.All(results, r => Assert.True(r.Read > 0 && r.Refused > 0, $"read {r.Read}, refused {r.Refused}"));
    }

    [Fact]
    public void Tagged_sentences_and_SQuAD_files_are_read_or_refused_by_name()
    {
        var conll = Encoding.UTF8.GetBytes(Conll);
        var results = new[]
        {
            Mutations.Check<DataException>(folder, conll, ".txt", 400, 0, path => TaggedDatasets.Read(path)),
            Mutations.Check<DataException>(folder, Encoding.UTF8.GetBytes(s_squad), ".json", 400, 1000, path => SquadDatasets.Read(path)),
            Mutations.Check<DataException>(folder, Encoding.UTF8.GetBytes("{\"question\": \"Who won?\", \"context\": \"The Broncos won.\"}\n"), ".jsonl", 200, 2000, path => QuestionFiles.Read(path)),
        };
        Assert.All(results, r => Assert.True(r.Read > 0 && r.Refused > 0, $"read {r.Read}, refused {r.Refused}"));
    }
}
