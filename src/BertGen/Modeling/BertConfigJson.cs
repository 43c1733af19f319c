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
            root = JsonNode.Parse(json) as JsonObject ?? throw new BertConfigException($"{source}: expected a JSON object");
        }
        catch (JsonException e)
        {
            throw new BertConfigException($"{source}: not valid JSON (line {e.LineNumber + 1}): {e.Message}", e);
        }

        if (root["model_type"] is JsonNode modelType && ReadString(modelType, source, "model_type") is var type && type != "bert")
            throw new BertConfigException($"{source}: model_type is \"{type}\"; expected \"bert\"");

        var defaults = new BertConfig();
        var labelNames = ReadLabelNames(root, source);
        var config = new BertConfig
        {
            NumHiddenLayers = ReadInt(root, source, "num_hidden_layers", defaults.NumHiddenLayers),
            NumAttentionHeads = ReadInt(root, source, "num_attention_heads", defaults.NumAttentionHeads),
            HiddenSize = ReadInt(root, source, "hidden_size", defaults.HiddenSize),
            IntermediateSize = ReadInt(root, source, "intermediate_size", defaults.IntermediateSize),
            VocabSize = ReadInt(root, source, "vocab_size", defaults.VocabSize),
            MaxPositionEmbeddings = ReadInt(root, source, "max_position_embeddings", defaults.MaxPositionEmbeddings),
            TypeVocabSize = ReadInt(root, source, "type_vocab_size", defaults.TypeVocabSize),
            HiddenAct = root["hidden_act"] is JsonNode act ? ParseActivation(ReadString(act, source, "hidden_act"), source) : defaults.HiddenAct,
            HiddenDropoutProb = ReadDouble(root, source, "hidden_dropout_prob") ?? defaults.HiddenDropoutProb,
            AttentionProbsDropoutProb = ReadDouble(root, source, "attention_probs_dropout_prob") ?? defaults.AttentionProbsDropoutProb,
            ClassifierDropout = ReadDouble(root, source, "classifier_dropout"),
            LayerNormEps = ReadDouble(root, source, "layer_norm_eps") ?? defaults.LayerNormEps,
            InitializerRange = ReadDouble(root, source, "initializer_range") ?? defaults.InitializerRange,
            PadTokenId = ReadInt(root, source, "pad_token_id", defaults.PadTokenId),
            NumLabels = ReadInt(root, source, "num_labels", labelNames?.Count ?? defaults.NumLabels),
            LabelNames = labelNames,
            ProblemType = root["problem_type"] is JsonNode problem ? ParseProblemType(ReadString(problem, source, "problem_type"), source) : null,
            Architecture = root["architectures"] is JsonArray { Count: > 0 } architectures
                ? ReadString(architectures[0]!, source, "architectures[0]")
                : null,
        };
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
        var id2label = new JsonObject();
        var label2id = new JsonObject();
        for (int id = 0; id < config.NumLabels; id++)
        {
            id2label[id.ToString(CultureInfo.InvariantCulture)] = config.LabelName(id);
            label2id[config.LabelName(id)] = id;
        }

        var root = new JsonObject();
        if (config.Architecture is { } architecture)
            root["architectures"] = new JsonArray(architecture);
        root["attention_probs_dropout_prob"] = config.AttentionProbsDropoutProb;
        root["classifier_dropout"] = config.ClassifierDropout;
        root["hidden_act"] = ActivationName(config.HiddenAct);
        root["hidden_dropout_prob"] = config.HiddenDropoutProb;
        root["hidden_size"] = config.HiddenSize;
        root["id2label"] = id2label;
        root["initializer_range"] = config.InitializerRange;
        root["intermediate_size"] = config.IntermediateSize;
        root["label2id"] = label2id;
        root["layer_norm_eps"] = config.LayerNormEps;
        root["max_position_embeddings"] = config.MaxPositionEmbeddings;
        root["model_type"] = "bert";
        root["num_attention_heads"] = config.NumAttentionHeads;
        root["num_hidden_layers"] = config.NumHiddenLayers;
        root["pad_token_id"] = config.PadTokenId;
        root["position_embedding_type"] = "absolute";
        if (config.ProblemType is { } problemType)
            root["problem_type"] = ProblemTypeName(problemType);
        root["torch_dtype"] = "float32";
        root["type_vocab_size"] = config.TypeVocabSize;
        root["use_cache"] = true;
        root["vocab_size"] = config.VocabSize;
        return root.ToJsonString(s_indented) + "\n";
    }

    /// <summary>The <c>hidden_act</c> string for an activation.</summary>
    public static string ActivationName(HiddenActivation activation) => activation switch
    {
        HiddenActivation.Gelu => "gelu",
        HiddenActivation.GeluTanh => "gelu_new",
        HiddenActivation.Relu => "relu",
        _ => throw new ArgumentOutOfRangeException(nameof(activation), activation, null),
    };

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

    private static HiddenActivation ParseActivation(string name, string source) => name switch
    {
        "gelu" => HiddenActivation.Gelu,
        "gelu_new" or "gelu_pytorch_tanh" => HiddenActivation.GeluTanh,
        "relu" => HiddenActivation.Relu,
        _ => throw new BertConfigException($"{source}: hidden_act \"{name}\" is not supported; expected \"gelu\", \"gelu_new\", \"gelu_pytorch_tanh\" or \"relu\""),
    };

    private static List<string>? ReadLabelNames(JsonObject root, string source)
    {
        if (root["id2label"] is not JsonObject id2label)
            return null;
        var names = new string[id2label.Count];
        foreach (var (key, value) in id2label)
        {
            if (!int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out int id) || id >= names.Length)
                throw new BertConfigException($"{source}: id2label key \"{key}\" is not one of the ids 0..{names.Length - 1}");
            names[id] = ReadString(value!, source, $"id2label.{key}");
        }
        return [.. names];
    }

    private static int ReadInt(JsonObject root, string source, string field, int fallback)
    {
        if (root[field] is not JsonNode node)
            return fallback;
        if (node is JsonValue value && value.TryGetValue(out int number))
            return number;
        throw new BertConfigException($"{source}: {field} is {node.ToJsonString()}; expected an integer");
    }

    private static double? ReadDouble(JsonObject root, string source, string field)
    {
        if (root[field] is not JsonNode node)
            return null;
        if (node is JsonValue value && value.TryGetValue(out double number))
            return number;
        throw new BertConfigException($"{source}: {field} is {node.ToJsonString()}; expected a number");
    }

    private static string ReadString(JsonNode node, string source, string field) =>
        node is JsonValue value && value.TryGetValue(out string? text)
            ? text
            : throw new BertConfigException($"{source}: {field} is {node.ToJsonString()}; expected a string");
}
