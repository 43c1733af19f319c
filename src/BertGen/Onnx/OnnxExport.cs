using BertGen.Checkpoints;
using BertGen.Modeling;
using Google.Protobuf;
using Onnx;
using static TorchSharp.torch;

namespace BertGen.Onnx;

/// <summary>
/// Exports BERT models to ONNX (opset 17, float32, dynamic batch and sequence axes), for ONNX Runtime and
/// every other ONNX consumer: a generated model, or a Hugging Face model folder. Inputs are
/// <c>input_ids</c>, <c>attention_mask</c> and <c>token_type_ids</c> (int64; <c>[batch, choices, sequence]</c>
/// for multiple choice); outputs carry Hugging Face's names. The graph imports back with
/// <see cref="OnnxImport"/>; the model's <c>config.json</c> rides along as the metadata entry
/// <see cref="ConfigMetadataKey"/>, so label names travel with the graph.
/// </summary>
public static class OnnxExport
{
    /// <summary>The metadata key under which the exported graph carries the model's <c>config.json</c>.</summary>
    public const string ConfigMetadataKey = "bertgen.config.json";

    /// <summary>The ONNX operator set the graphs use (LayerNormalization is an operator from 17 on).</summary>
    public const int Opset = 17;

    // Protobuf refuses messages over 2 GiB; stay clear of it with the graph's own nodes.
    private const long InlineLimit = 1_900_000_000;

    /// <summary>Exports <paramref name="model"/> (its weights as they are now) to <paramref name="onnxPath"/>.</summary>
    public static OnnxExportResult Save<TModel>(TModel model, string onnxPath, OnnxExportOptions? options = null)
        where TModel : nn.Module, IBertModel<TModel>
    {
        var state = model.state_dict();
        var weights = new ExportWeights(model.GetName(), state.Keys, name => state[name].alias());
        var config = model.Config with { Architecture = model.Config.Architecture ?? TModel.Declaration.Architecture };
        return Write(config, weights, onnxPath, options ?? OnnxExportOptions.Default);
    }

    /// <summary>
    /// Exports the model at <paramref name="modelPath"/> (a Hugging Face model folder, a weights file beside its
    /// <c>config.json</c>, or a Hub model id) to <paramref name="onnxPath"/>, without building the model.
    /// </summary>
    public static OnnxExportResult FromFolder(string modelPath, string onnxPath, OnnxExportOptions? options = null)
    {
        modelPath = Hub.ModelLocation.Resolve(modelPath);
        var folder = Directory.Exists(modelPath) ? modelPath : Path.GetDirectoryName(Path.GetFullPath(modelPath))!;
        var configPath = Path.Combine(folder, CheckpointFiles.Config);
        if (!File.Exists(configPath))
            throw new CheckpointException($"{folder}: has no {CheckpointFiles.Config}; an export needs the model's sizes");
        var config = BertConfigJson.Load(configPath);
        using var source = CheckpointFiles.Open(CheckpointFiles.FindWeights(modelPath));
        var weights = new ExportWeights(source.Path, source.Tensors.Keys, source.Read);
        return Write(config, weights, onnxPath, options ?? OnnxExportOptions.Default);
    }

    private static OnnxExportResult Write(BertConfig config, ExportWeights weights, string onnxPath, OnnxExportOptions options)
    {
        var architecture = options.Architecture ?? config.Architecture ?? "BertModel";
        config.Validate(weights.Source);
        var (graph, signature) = OnnxBertWriter.Write(config with { Architecture = architecture }, architecture, weights);
        if (options.Architecture is null && weights.Unused(poolerUnused: !signature.PoolerUsed) is { Count: > 0 } unused)
        {
            throw new CheckpointException(
                $"{weights.Source}: holds tensors a {architecture} does not use: {string.Join(", ", unused.Take(8))}{(unused.Count > 8 ? $" and {unused.Count - 8} more" : "")}; " +
                "choose the head to export (OnnxExportOptions.Architecture, bertgen export --architecture) to leave them out");
        }

        var model = new ModelProto
        {
            IrVersion = 8,
            ProducerName = "BertGen",
            ProducerVersion = typeof(OnnxExport).Assembly.GetName().Version?.ToString() ?? "",
            Graph = graph,
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = Opset });
        model.MetadataProps.Add(new StringStringEntryProto { Key = ConfigMetadataKey, Value = BertConfigJson.ToJson(config with { Architecture = architecture }) });

        // The weights: float tensors with axes (the graph's other initializers are shape and scalar constants).
        long parameters = graph.Initializer.Where(t => t.DataType == (int)TensorProto.Types.DataType.Float && t.Dims.Count > 0).Sum(t => t.Dims.Aggregate(1L, (product, size) => product * size));
        long bytes = graph.Initializer.Sum(t => (long)t.RawData.Length);
        var external = options.ExternalData ?? bytes > InlineLimit;
        var path = Path.GetFullPath(onnxPath);
        var folder = Path.GetDirectoryName(path)!;
        string? dataPath = null;
        var files = new List<(string Name, Action<Stream> Write)>();
        if (external)
        {
            dataPath = path + "_data";
            files.Add((Path.GetFileName(dataPath), stream => MoveWeightsTo(graph, Path.GetFileName(dataPath), stream)));
        }
        // The data file is written first: moving the weights out fills in the graph's references to it.
        files.Add((Path.GetFileName(path), stream => model.WriteTo(stream)));
        AtomicFiles.WriteAll(folder, files);
        return new OnnxExportResult(path, architecture, signature.Inputs, signature.Outputs, parameters, dataPath);
    }

    /// <summary>Writes every weight's bytes to <paramref name="stream"/> and leaves the graph pointing at them.</summary>
    private static void MoveWeightsTo(GraphProto graph, string location, Stream stream)
    {
        long offset = 0;
        foreach (var tensor in graph.Initializer.Where(t => t.RawData.Length > 0))
        {
            // ONNX Runtime maps external data; page-aligned offsets let it.
            long aligned = (offset + 4095) / 4096 * 4096;
            stream.Write(new byte[aligned - offset]);
            tensor.RawData.WriteTo(stream);
            tensor.DataLocation = TensorProto.Types.DataLocation.External;
            tensor.ExternalData.Add(new StringStringEntryProto { Key = "location", Value = location });
            tensor.ExternalData.Add(new StringStringEntryProto { Key = "offset", Value = aligned.ToString(System.Globalization.CultureInfo.InvariantCulture) });
            tensor.ExternalData.Add(new StringStringEntryProto { Key = "length", Value = tensor.RawData.Length.ToString(System.Globalization.CultureInfo.InvariantCulture) });
            offset = aligned + tensor.RawData.Length;
            tensor.RawData = ByteString.Empty;
        }
    }
}
