using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace BertGen.Modeling;

/// <summary>Reads and writes <see cref="BertConfig"/> in Hugging Face's <c>config.json</c> schema.</summary>
public static class BertConfigJson
{
    private static readonly JsonSerializerOptions s_indented = new() { WriteIndented = true };

    /// <summary>Reads a <c>config.json</c> file; errors name the file and the field.</summary>
    public static BertConfig Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new BertConfigException($"{path}: cannot read the configuration: {e.Message}", e);
        }
        return Parse(text, path);
    }

    /// <summary>Parses <c>config.json</c> text; <paramref name="source"/> names it in errors.</summary>
    public static BertConfig Parse(string json, string source)
    {
        JsonObject root;
        try
        {
            root = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { AllowDuplicateProperties = false }) as JsonObject ?? throw new BertConfigException($"{source}: expected a JSON object");
        }
        catch (JsonException e)
        {
            throw new BertConfigException($"{source}: not valid JSON (line {e.LineNumber + 1}): {e.Message}", e);
        }

        if (root["model_type"] is JsonNode modelType && ReadString(modelType, source, "model_type") is var type && type != "bert")
            throw new BertConfigException($"{source}: model_type is \"{type}\"; expected \"bert\"");

        var config = new BertConfig
        {
            ProblemType = root["problem_type"] is JsonNode problem ? ParseProblemType(ReadString(problem, source, "problem_type"), source) : null,
            Architecture = root["architectures"] is JsonArray { Count: > 0 } architectures
                ? ReadString(architectures[0] ?? throw new BertConfigException($"{source}: architectures[0] is null; expected a class name"), source, "architectures[0]")
                : null,
        };
        // A field that is absent or null keeps its default (classifier_dropout is null in most files).
        foreach (var spec in BertConfigFields.All)
        {
            if (root[spec.JsonName] is JsonNode node)
                config = BertConfigValues.With(config, spec.Field, ReadValue(spec, node, source));
        }
        // Hugging Face derives num_labels from id2label when only the names are given.
        if (root[BertConfigField.NumLabels.JsonName()] is null && config.LabelNames is { } names)
            config = config with { NumLabels = names.Count };
        config.Validate(source);
        return config;
    }

    /// <summary>Writes <paramref name="config"/> as Hugging Face writes it, atomically (temporary file, then rename).</summary>
    public static void Save(BertConfig config, string path)
    {
        var json = new System.Text.UTF8Encoding(false).GetBytes(ToJson(config));
        Checkpoints.AtomicFiles.Write(path, stream => stream.Write(json));
    }

    /// <summary>The <c>config.json</c> text for <paramref name="config"/>.</summary>
    public static string ToJson(BertConfig config)
    {
        // Hugging Face writes the keys sorted.
        var fields = new SortedDictionary<string, JsonNode?>(StringComparer.Ordinal)
        {
            ["model_type"] = "bert",
            ["position_embedding_type"] = "absolute",
            ["torch_dtype"] = "float32",
            ["use_cache"] = true,
        };
        if (config.Architecture is { } architecture)
            fields["architectures"] = new JsonArray(architecture);
        if (config.ProblemType is { } problemType)
            fields["problem_type"] = ProblemTypeName(problemType);
        // Hugging Face writes the number of labels as id2label alone, and reads it back from there.
        foreach (var spec in BertConfigFields.All.Where(spec => spec.Field != BertConfigField.NumLabels))
            fields[spec.JsonName] = WriteValue(config, spec);
        var label2id = new JsonObject();
        for (int id = 0; id < config.NumLabels; id++)
            label2id[config.LabelName(id)] = id;
        fields["label2id"] = label2id;

        var root = new JsonObject();
        foreach (var (name, value) in fields)
            root[name] = value;
        return root.ToJsonString(s_indented) + "\n";
    }

    private static object? ReadValue(BertConfigFieldSpec spec, JsonNode node, string source) => spec.Kind switch
    {
        BertConfigValueKind.Size or BertConfigValueKind.TokenId => ReadInt(node, source, spec.JsonName),
        BertConfigValueKind.Probability or BertConfigValueKind.PositiveNumber => ReadDouble(node, source, spec.JsonName),
        BertConfigValueKind.Activation => ParseActivation(ReadString(node, source, spec.JsonName), source),
        BertConfigValueKind.LabelNames => ReadLabelNames(node, source, spec.JsonName),
        _ => throw new ArgumentOutOfRangeException(nameof(spec), spec.Kind, null),
    };

    private static JsonNode? WriteValue(BertConfig config, BertConfigFieldSpec spec)
    {
        if (spec.Kind == BertConfigValueKind.Activation)
            return ActivationName(config.HiddenAct);
        if (spec.Kind == BertConfigValueKind.LabelNames)
        {
            var id2label = new JsonObject();
            for (int id = 0; id < config.NumLabels; id++)
                id2label[id.ToString(CultureInfo.InvariantCulture)] = config.LabelName(id);
            return id2label;
        }
        return BertConfigValues.Get(config, spec.Field) switch
        {
            int number => number,
            double number => number,
            _ => null,
        };
    }

    /// <summary>The <c>hidden_act</c> string for an activation.</summary>
    public static string ActivationName(HiddenActivation activation) =>
        Enum.IsDefined(activation)
            ? BertConfigFields.ActivationNames[(int)activation]
            : throw new ArgumentOutOfRangeException(nameof(activation), activation, null);

    /// <summary>The <c>problem_type</c> string for a problem type.</summary>
    public static string ProblemTypeName(ProblemType problemType) => problemType switch
    {
        ProblemType.SingleLabelClassification => "single_label_classification",
        ProblemType.MultiLabelClassification => "multi_label_classification",
        ProblemType.Regression => "regression",
        _ => throw new ArgumentOutOfRangeException(nameof(problemType), problemType, null),
    };

    private static ProblemType ParseProblemType(string name, string source) => name switch
    {
        "single_label_classification" => ProblemType.SingleLabelClassification,
        "multi_label_classification" => ProblemType.MultiLabelClassification,
        "regression" => ProblemType.Regression,
        _ => throw new BertConfigException($"{source}: problem_type \"{name}\" is not one of \"single_label_classification\", \"multi_label_classification\", \"regression\""),
    };

    private static HiddenActivation ParseActivation(string name, string source)
    {
        // Hugging Face's gelu_pytorch_tanh is the same function as gelu_new.
        int index = BertConfigFields.ActivationNames.ToList().IndexOf(name == "gelu_pytorch_tanh" ? "gelu_new" : name);
        return index >= 0
            ? (HiddenActivation)index
            : throw new BertConfigException($"{source}: hidden_act \"{name}\" is not supported; expected \"gelu\", \"gelu_new\", \"gelu_pytorch_tanh\" or \"relu\"");
    }

    private static List<string> ReadLabelNames(JsonNode node, string source, string field)
    {
        if (node is not JsonObject id2label)
            throw new BertConfigException($"{source}: {field} is {node.ToJsonString()}; expected an object of class names by id");
        var names = new string[id2label.Count];
        foreach (var (key, value) in id2label)
        {
            if (!int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out int id) || id >= names.Length)
                throw new BertConfigException($"{source}: {field} key \"{key}\" is not one of the ids 0..{names.Length - 1}");
            names[id] = value is null
                ? throw new BertConfigException($"{source}: {field}.{key} is null; expected a class name")
                : ReadString(value, source, $"{field}.{key}");
        }
        return [.. names];
    }

    private static int ReadInt(JsonNode node, string source, string field) =>
        node is JsonValue value && value.TryGetValue(out int number)
            ? number
            : throw new BertConfigException($"{source}: {field} is {node.ToJsonString()}; expected an integer");

    private static double ReadDouble(JsonNode node, string source, string field) =>
        node is JsonValue value && value.TryGetValue(out double number)
            ? number
            : throw new BertConfigException($"{source}: {field} is {node.ToJsonString()}; expected a number");

    private static string ReadString(JsonNode node, string source, string field) =>
        node is JsonValue value && value.TryGetValue(out string? text)
            ? text
            : throw new BertConfigException($"{source}: {field} is {node.ToJsonString()}; expected a string");
}
