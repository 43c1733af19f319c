using System.Globalization;
using System.Text.Json;
using BertGen.Checkpoints;
using Spectre.Console;

namespace BertGen.Cli.Bench;

/// <summary>
/// Collects a benchmark's figures, prints the machine it ran on and a table, and writes every figure with its
/// name, unit and configuration to a JSON file (atomically, so an interrupted run leaves no half file).
/// </summary>
internal sealed class BenchReport
{
    private readonly List<BenchFigure> _figures = [];

    public static IReadOnlyDictionary<string, object> Machine(int threads) => new Dictionary<string, object>
    {
        ["cpu"] = CpuModel(),
        ["logical_cores"] = Environment.ProcessorCount,
        ["torch_threads"] = threads,
        ["os"] = System.Runtime.InteropServices.RuntimeInformation.OSDescription,
        ["dotnet"] = Environment.Version.ToString(),
        ["torchsharp"] = typeof(TorchSharp.torch).Assembly.GetName().Version?.ToString() ?? "?",
        ["bf16_instructions"] = Runtime.CpuFeatures.HasBFloat16Instructions,
        ["allocator"] = Allocator(),
    };

    /// <summary>The malloc libtorch's tensors come from, and its settings: it decides how much freed memory stays resident.</summary>
    private static string Allocator()
    {
        string? preload = Environment.GetEnvironmentVariable("LD_PRELOAD");
        string name = string.IsNullOrWhiteSpace(preload) ? "glibc malloc" : Path.GetFileName(preload.Split(':', ' ')[0]);
        var settings = Environment.GetEnvironmentVariables().Keys.Cast<string>()
            .Where(key => key.StartsWith("MALLOC_", StringComparison.Ordinal) || key == "GLIBC_TUNABLES")
            .Order(StringComparer.Ordinal)
            .Select(key => $"{key}={Environment.GetEnvironmentVariable(key)}")
            .ToList();
        return settings.Count == 0 ? name : $"{name} ({string.Join(' ', settings)})";
    }

    public static void PrintMachine(int threads)
    {
        var machine = Machine(threads);
        Console.WriteLine(string.Join(", ", machine.Select(p => $"{p.Key} {p.Value}")));
    }

    public void Add(string name, string unit, double value, IReadOnlyDictionary<string, object> config) =>
        _figures.Add(new BenchFigure(name, unit, value, config));

    public static void PrintTable(string title, IReadOnlyList<string> columns, IEnumerable<IReadOnlyList<string>> rows)
    {
        var table = new Table { Title = new TableTitle(title) };
        foreach (var column in columns)
            table.AddColumn(new TableColumn(Markup.Escape(column)).RightAligned());
        foreach (var row in rows)
            table.AddRow(row.Select(Markup.Escape).ToArray());
        AnsiConsole.Write(table);
    }

    public void WriteJson(string path, int threads)
    {
        var document = new { machine = Machine(threads), figures = _figures };
        AtomicFiles.Write(path, stream => JsonSerializer.Serialize(stream, document, new JsonSerializerOptions { WriteIndented = true }));
        Console.WriteLine($"Figures written to {Path.GetFullPath(path)}");
    }

    public static string Number(double value) =>
        value.ToString(value >= 100 ? "N0" : "N2", CultureInfo.InvariantCulture);

    private static string CpuModel() =>
        Runtime.CpuFeatures.ModelName ?? System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture.ToString();
}
