using System.Text.Json.Serialization;

namespace BertGen.Cli.Bench;

/// <summary>One measured figure with its unit and the configuration it was measured in.</summary>
internal sealed record BenchFigure(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("unit")] string Unit,
    [property: JsonPropertyName("value")] double Value,
    [property: JsonPropertyName("config")] IReadOnlyDictionary<string, object> Config);
