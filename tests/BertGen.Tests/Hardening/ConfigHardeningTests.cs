using System.Text;
using System.Text.Json.Nodes;
using BertGen.Modeling;
using BertGen.Tests.Checkpoints;

namespace BertGen.Tests.Hardening;

/// <summary>
/// Malformed <c>config.json</c> files: each is refused with a <see cref="BertConfigException"/> naming the file (and
/// the field), before any tensor is allocated, or read as a configuration a model can be built from in memory.
/// </summary>
public sealed class ConfigHardeningTests
{
    private static readonly string s_original = File.ReadAllText(Path.Combine(CheckpointFixtures.Folder("sequence-classification"), "config.json"));

    private static readonly JsonNode?[] s_values =
    [
        null, 0, -1, 1, 3, 7, int.MaxValue, 2147483648L, long.MaxValue, 1e30, -1e-30, 0.5, 1.0, double.Epsilon, "", "gelu", "x",
        new string('a', 10_000), true, new JsonArray(), new JsonArray((JsonNode?)null), new JsonArray("BertForSequenceClassification", null),
        new JsonObject(), new JsonObject { ["0"] = null }, new JsonObject { ["0"] = "", ["1"] = "" }, new JsonObject { ["7"] = "a" },
    ];

    [Fact]
    public void A_model_too_large_for_this_machine_is_refused_by_its_sizes_before_allocation()
    {
        var json = JsonNode.Parse(s_original)!.AsObject();
        json["num_hidden_layers"] = 1000;
        json["hidden_size"] = 65536;
        json["num_attention_heads"] = 64;
        json["intermediate_size"] = 1 << 20;

        var error = Assert.Throws<BertConfigException>(() => BertConfigJson.Parse(json.ToJsonString(), "huge/config.json"));

        Assert.StartsWith("huge/config.json: invalid BERT configuration:", error.Message);
        Assert.Contains("parameters", error.Message);
        Assert.Contains("num_hidden_layers 1000, hidden_size 65536, intermediate_size 1048576", error.Message);
    }

    [Fact]
    public void A_key_written_twice_is_an_error_naming_the_file()
    {
        var twice = s_original.Replace("\"hidden_size\": 32,", "\"hidden_size\": 32,\n  \"hidden_size\": 64,", StringComparison.Ordinal);

        var error = Assert.Throws<BertConfigException>(() => BertConfigJson.Parse(twice, "twice/config.json"));

        Assert.StartsWith("twice/config.json: not valid JSON", error.Message);
        Assert.Contains("hidden_size", error.Message);
    }

    /// <summary>The keys a mutation changes: the fixture's and the head's optional ones.</summary>
    internal static string[] Keys { get; } = JsonNode.Parse(s_original)!.AsObject().Select(p => p.Key).Concat(["num_labels", "classifier_dropout", "problem_type"]).ToArray();

    /// <summary>What a configuration that loads must be: valid, and small enough to build in this machine's memory.</summary>
    internal static void ReadValidConfiguration(string path)
    {
        var config = BertConfigJson.Load(path);
        config.Validate(path);
        Assert.True(config.ParameterCount() * sizeof(float) <= GC.GetGCMemoryInfo().TotalAvailableMemoryBytes, "accepted a model larger than memory");
    }

    internal static (string Mutation, string Text) Mutate(Random random, string[] keys)
    {
        var json = JsonNode.Parse(s_original)!.AsObject();
        string key = keys[random.Next(keys.Length)];
        switch (random.Next(6))
        {
            case 0:
            case 1:
            case 2:
                var value = s_values[random.Next(s_values.Length)]?.DeepClone();
                json[key] = value;
                return ($"{key} = {value?.ToJsonString() ?? "null"}", json.ToJsonString());
            case 3:
                json.Remove(key);
                return ($"without {key}", json.ToJsonString());
            case 4:
            {
                var bytes = Encoding.UTF8.GetBytes(s_original);
                int position = random.Next(bytes.Length);
                bytes[position] ^= (byte)(1 << random.Next(8));
                return ($"flip a bit of byte {position}", Encoding.UTF8.GetString(bytes));
            }
            default:
                int length = random.Next(s_original.Length);
                return ($"cut at {length}", s_original[..length]);
        }
    }
}
