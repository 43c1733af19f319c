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

    /// <summary>
    /// 2,000 seeded mutations: a field's value replaced by one of many wrong kinds, a key repeated or dropped, bytes
    /// flipped or cut. Each is refused naming the file, or read into a configuration that validates and fits memory.
    /// </summary>
    [Fact]
    public void Seeded_mutations_are_refused_naming_the_file_or_read_into_a_valid_configuration()
    {
        var keys = JsonNode.Parse(s_original)!.AsObject().Select(p => p.Key).Concat(["num_labels", "classifier_dropout", "problem_type"]).ToArray();
        int read = 0, refused = 0;
        for (int seed = 0; seed < 2000; seed++)
        {
            var random = new Random(seed);
            var (mutation, text) = Mutate(random, keys);
            string source = $"case-{seed}/config.json";
            try
            {
                var config = BertConfigJson.Parse(text, source);
                config.Validate(source);
                Assert.True(config.ParameterCount() * sizeof(float) <= GC.GetGCMemoryInfo().TotalAvailableMemoryBytes, $"case {seed} ({mutation}): accepted a model larger than memory");
                read++;
            }
            catch (BertConfigException e)
            {
                Assert.True(e.Message.StartsWith(source + ":", StringComparison.Ordinal), $"case {seed} ({mutation}): the message does not name the file: {e.Message}");
                refused++;
            }
            catch (Exception e)
            {
                Assert.Fail($"case {seed} ({mutation}): {e.GetType().Name} is not the documented BertConfigException: {e.Message}");
            }
        }
        Assert.True(read > 100 && refused > 100, $"read {read}, refused {refused}");
    }

    private static (string Mutation, string Text) Mutate(Random random, string[] keys)
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
