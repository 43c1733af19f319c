using System.Text;
using BertGen.Checkpoints;
using BertGen.Data;
using BertGen.Modeling;
using BertGen.QuestionAnswering;
using BertGen.TokenClassification;
using BertGen.Tests.Checkpoints;
using BertGen.Tests.Infrastructure;
using BertGen.Tokenization;

namespace BertGen.Tests.Hardening.Fuzzing;

/// <summary>Every reader of untrusted files and the fixtures its mutations start from: 7,600 cases in all.</summary>
internal static class FuzzFamilies
{
    private static readonly TextDataOptions s_columns = new() { TextColumn = "text", LabelColumn = "label" };

    private const string Csv = "text,label\n\"A warm, funny film.\",pos\nDull and far too long.,neg\n\"She said \"\"wow\"\".\",pos\nNot for me,neg\n";

    private const string Conll = "-DOCSTART- -X- -X- O\n\nEU NNP B-NP B-ORG\nrejects VBZ B-VP O\nGerman JJ B-NP B-MISC\ncall NN I-NP O\n\nPeter NNP B-NP B-PER\nBlackburn NNP I-NP I-PER\n";

    private const string Squad = """{"version": "1.1", "data": [{"title": "Broncos", "paragraphs": [{"context": "The Denver Broncos won Super Bowl 50 in Santa Clara.", "qas": [{"id": "1", "question": "Who won?", "answers": [{"text": "Denver Broncos", "answer_start": 4}]}]}]}]}""";

    public static IReadOnlyList<FuzzFamily> All { get; } =
    [
        Bytes("safetensors", 400, 0, typeof(CheckpointException), ".safetensors", () => Fixture("model.safetensors"), ReadEveryTensor),
        Bytes("pytorch_model.bin", 400, 10_000, typeof(CheckpointException), ".bin", () => Fixture("pytorch_model.bin"), ReadEveryTensor),
        new("pickle of pytorch_model.bin", 400, 30_000, typeof(CheckpointException), PickleCase),
        Bytes("ONNX graph", 300, 20_000, typeof(CheckpointException), ".onnx",
            () => File.ReadAllBytes(Path.Combine(RepositoryPaths.Root, "tests", "fixtures", "onnx", "encoder-opset14.onnx")), path => BertGen.Onnx.OnnxImport.Read(path).Dispose()),
        Bytes("CSV", 500, 0, typeof(DataException), ".csv", () => Encoding.UTF8.GetBytes(Csv), path => TextDatasets.Read(path, s_columns)),
        Bytes("TSV", 200, 1000, typeof(DataException), ".tsv", () => "text\tlabel\nA warm film.\tpos\nDull and \"long\".\tneg\n"u8.ToArray(), path => TextDatasets.Read(path, s_columns)),
        Bytes("JSON Lines", 300, 2000, typeof(DataException), ".jsonl",
            () => "{\"text\": \"A warm film.\", \"label\": \"pos\"}\n{\"text\": \"Dull.\", \"label\": \"neg\"}\n"u8.ToArray(), path => TextDatasets.Read(path, s_columns)),
        Bytes("gzipped CSV", 300, 3000, typeof(DataException), ".csv.gz", () => Mutations.Gzip(Encoding.UTF8.GetBytes(Csv)), path => TextDatasets.Read(path, s_columns)),
        Bytes("CoNLL", 400, 0, typeof(DataException), ".txt", () => Encoding.UTF8.GetBytes(Conll), path => TaggedDatasets.Read(path)),
        Bytes("SQuAD", 400, 1000, typeof(DataException), ".json", () => Encoding.UTF8.GetBytes(Squad), path => SquadDatasets.Read(path)),
        Bytes("questions (JSON Lines)", 200, 2000, typeof(DataException), ".jsonl",
            () => "{\"question\": \"Who won?\", \"context\": \"The Broncos won.\"}\n"u8.ToArray(), path => QuestionFiles.Read(path)),
        new("aclImdb folder", 300, 5000, typeof(DataException), AclImdbCase),
        new("vocab.txt", 1500, 0, typeof(TokenizerException), VocabularyCase),
        new("config.json", 2000, 0, typeof(BertConfigException), ConfigCase),
    ];

    /// <summary>
    /// A family whose cases do what the harness must survive and name: seed 0 reads, 1 kills its process, 2 hangs, 3
    /// throws an undocumented exception, 4 a documented one that names nothing.
    /// </summary>
    public static FuzzFamily HarnessSelfTest { get; } = new("harness self-test", 5, 0, typeof(DataException), (seed, folder) =>
    {
        var path = Path.Combine(folder, $"self-test-{seed}.txt");
        return new FuzzCase($"self-test {seed}", path, () =>
        {
            switch (seed)
            {
                case 1: Environment.FailFast("fuzz harness self-test: a case that kills its process"); break;
                case 2: Thread.Sleep(Timeout.Infinite); break;
                case 3: throw new InvalidOperationException("undocumented");
                case 4: throw new DataException("a message that names no file");
            }
        });
    });

    public static FuzzFamily Named(string name) =>
        All.Append(HarnessSelfTest).FirstOrDefault(f => f.Name == name) ?? throw new ArgumentException($"no fuzz family '{name}'; families: {string.Join(", ", All.Select(f => f.Name))}");

    /// <summary>A family of byte-level mutations (<see cref="Mutations.Apply"/>) of one file.</summary>
    private static FuzzFamily Bytes(string name, int cases, int firstSeed, Type documented, string extension, Func<byte[]> original, Action<string> read)
    {
        var bytes = new Lazy<byte[]>(original);
        return new FuzzFamily(name, cases, firstSeed, documented, (seed, folder) =>
        {
            var (mutation, mutated) = Mutations.Apply(bytes.Value, new Random(seed));
            var path = Path.Combine(folder, $"case-{seed}{extension}");
            File.WriteAllBytes(path, mutated);
            return new FuzzCase(mutation, path, () => read(path));
        });
    }

    private static byte[] Fixture(string file) => File.ReadAllBytes(Path.Combine(CheckpointFixtures.Folder("sequence-classification"), file));

    private static void ReadEveryTensor(string path)
    {
        using var source = CheckpointFiles.Open(path);
        foreach (var name in source.Tensors.Keys)
            source.Read(name).Dispose();
    }

    /// <summary>
    /// The archive's <c>data.pkl</c> mutated and the archive written again, so that the CRC-32 check passes and the
    /// mutated opcodes reach the unpickler (which must refuse what it does not know, and never run code).
    /// </summary>
    private static FuzzCase PickleCase(int seed, string folder)
    {
        var original = Fixture("pytorch_model.bin");
        using var input = new System.IO.Compression.ZipArchive(new MemoryStream(original), System.IO.Compression.ZipArchiveMode.Read);
        var path = Path.Combine(folder, $"pickle-{seed}.bin");
        string mutation = "";
        using (var output = new System.IO.Compression.ZipArchive(File.Create(path), System.IO.Compression.ZipArchiveMode.Create))
        {
            foreach (var entry in input.Entries)
            {
                using var read = entry.Open();
                var bytes = new MemoryStream();
                read.CopyTo(bytes);
                var content = bytes.ToArray();
                if (entry.FullName.EndsWith("data.pkl", StringComparison.Ordinal))
                    (mutation, content) = Mutations.Apply(content, new Random(seed));
                using var write = output.CreateEntry(entry.FullName, System.IO.Compression.CompressionLevel.NoCompression).Open();
                write.Write(content);
            }
        }
        return new FuzzCase("data.pkl: " + mutation, path, () => ReadEveryTensor(path));
    }

    private static readonly byte[] s_review = Encoding.UTF8.GetBytes("A warm, funny film.<br /><br />Would watch again — 9/10.");

    private static FuzzCase AclImdbCase(int seed, string folder)
    {
        var (mutation, bytes) = Mutations.Apply(s_review, new Random(seed));
        var root = Path.Combine(folder, $"acl-{seed}");
        Directory.CreateDirectory(Path.Combine(root, "pos"));
        Directory.CreateDirectory(Path.Combine(root, "neg"));
        var review = Path.Combine(root, "pos", "0_9.txt");
        File.WriteAllBytes(review, bytes);
        File.WriteAllText(Path.Combine(root, "neg", "0_2.txt"), "Dull and far too long.");
        return new FuzzCase(mutation, review, () =>
        {
            var read = AclImdbReader.Read(root, new TextDataOptions());
            Assert.DoesNotContain(read.Examples, e => e.Text.Contains('\uFFFD'));
        });
    }

    private static readonly byte[] s_vocabulary = VocabularyHardeningTests.Lines(VocabularyHardeningTests.s_tokens);

    private static FuzzCase VocabularyCase(int seed, string folder)
    {
        var (mutation, bytes) = VocabularyHardeningTests.Mutate(s_vocabulary, new Random(seed));
        var path = Path.Combine(folder, $"vocab-{seed}.txt");
        File.WriteAllBytes(path, bytes);
        return new FuzzCase(mutation, path, () => VocabularyHardeningTests.ReadWithLineNumberIds(path, bytes));
    }

    private static FuzzCase ConfigCase(int seed, string folder)
    {
        var (mutation, text) = ConfigHardeningTests.Mutate(new Random(seed), ConfigHardeningTests.Keys);
        var path = Path.Combine(folder, $"config-{seed}.json");
        File.WriteAllText(path, text);
        return new FuzzCase(mutation, path, () => ConfigHardeningTests.ReadValidConfiguration(path));
    }
}
