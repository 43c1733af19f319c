using System.Text.Json.Nodes;
using BertGen.Modeling;
using static TorchSharp.torch;

namespace BertGen.Checkpoints;

/// <summary>
/// Hugging Face model folders: <c>config.json</c> with the weights (and optionally the tokenizer files),
/// as <c>from_pretrained</c> reads and <c>save_pretrained</c> writes them.
/// </summary>
public static class ModelFolder
{
    public const string VocabularyFile = "vocab.txt";
    public const string TokenizerConfigFile = "tokenizer_config.json";

    /// <summary>BertGen's record of the text preprocessing a model was trained with (see <see cref="ReadPreprocessing"/>).</summary>
    public const string PreprocessingFile = "bertgen_preprocessing.json";

    /// <summary>BertGen's record of how outputs become predictions (see <see cref="ReadMultiLabelThreshold"/>).</summary>
    public const string PredictionFile = "bertgen_prediction.json";

    /// <summary>
    /// Builds <typeparamref name="TModel"/> from the <c>config.json</c> at <paramref name="path"/> (a
    /// folder, a weights file whose folder holds it, or a Hugging Face model id, which
    /// <see cref="Hub.ModelLocation"/> downloads) and loads the weights. The configuration must
    /// agree with the class's declaration; the load report says which parameters came from the file.
    /// The model is returned in evaluation mode (dropout off), as Hugging Face returns it.
    /// </summary>
    public static (TModel Model, CheckpointLoadReport Report) Load<TModel>(string path, CheckpointLoadOptions? options = null)
        where TModel : nn.Module, IBertModel<TModel>
    {
        path = Hub.ModelLocation.Resolve(path);
        var folder = Directory.Exists(path) ? path : Path.GetDirectoryName(Path.GetFullPath(path))!;
        var configPath = Path.Combine(folder, CheckpointFiles.Config);
        var config = File.Exists(configPath)
            ? TModel.Declaration.Bind(BertConfigJson.Load(configPath), configPath)
            : TModel.Declaration.IsClosed
                ? TModel.Declaration.RequireClosed()
                : throw new CheckpointException($"{folder}: has no {CheckpointFiles.Config}, and {TModel.Declaration.ClassName} leaves sizes to it");

        return CreateAndLoad<TModel>(config, model => CheckpointLoader.LoadInto(model, path, options));
    }

    /// <summary>
    /// Builds <typeparamref name="TModel"/> from <paramref name="config"/>, loads its weights with
    /// <paramref name="load"/> and returns it in evaluation mode, as <c>from_pretrained</c> does; a load that
    /// fails disposes the half-built model.
    /// </summary>
    internal static (TModel Model, CheckpointLoadReport Report) CreateAndLoad<TModel>(BertConfig config, Func<TModel, CheckpointLoadReport> load)
        where TModel : nn.Module, IBertModel<TModel>
    {
        var model = TModel.Create(config);
        try
        {
            var report = load(model);
            // A loaded model is for inference until a trainer says otherwise.
            model.eval();
            return (model, report);
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Saves <paramref name="model"/> to <paramref name="folder"/> as Hugging Face does: <c>config.json</c>,
    /// <c>model.safetensors</c> with tied weights stored once (the masked-LM decoder is the word
    /// embeddings), the tokenizer files when <see cref="ModelFolderOptions.VocabularyPath"/> is set, and
    /// <see cref="PreprocessingFile"/> when <see cref="ModelFolderOptions.Preprocessing"/> is.
    /// All files are complete on disk before any replaces what the folder held.
    /// </summary>
    public static void Save(nn.Module model, BertConfig config, string folder, ModelFolderOptions? options = null) =>
        Save(model.state_dict().Select(entry => (entry.Key, entry.Value)), config, folder, options);

    /// <summary>
    /// Saves weights under their Hugging Face names with <paramref name="config"/> as a model folder, as
    /// <see cref="Save(nn.Module, BertConfig, string, ModelFolderOptions?)"/> does for a module's state dict.
    /// </summary>
    public static void Save(IEnumerable<(string Name, Tensor Tensor)> weights, BertConfig config, string folder, ModelFolderOptions? options = null)
    {
        options ??= ModelFolderOptions.Default;
        var tensors = weights.Where(entry => !CheckpointKeyMap.TiedAliases.ContainsKey(entry.Name)).ToList();

        var files = new List<(string, Action<Stream>)>
        {
            (CheckpointFiles.Safetensors, stream => SafetensorsWriter.Write(stream, tensors)),
            (CheckpointFiles.Config, stream => WriteText(stream, BertConfigJson.ToJson(config))),
        };
        if (options.VocabularyPath is { } vocabulary)
        {
            if (!File.Exists(vocabulary))
                throw new CheckpointException($"{vocabulary}: the vocabulary to save with the model does not exist");
            files.Add((VocabularyFile, stream => { using var input = File.OpenRead(vocabulary); input.CopyTo(stream); }));
            files.Add((TokenizerConfigFile, stream => WriteText(stream, TokenizerConfig(options, config))));
        }
        if (options.Preprocessing is { } preprocessing)
            files.Add((PreprocessingFile, stream => WriteText(stream, PreprocessingRecord.ToJson(preprocessing))));
        if (options.MultiLabelThreshold is { } threshold)
            files.Add((PredictionFile, stream => WriteText(stream, PredictionRecord.ToJson(threshold))));
        AtomicFiles.WriteAll(folder, files);
        // A record left by an earlier model in this folder would describe another training run.
        if (options.Preprocessing is null)
            File.Delete(Path.Combine(folder, PreprocessingFile));
        if (options.MultiLabelThreshold is null)
            File.Delete(Path.Combine(folder, PredictionFile));
    }

    /// <summary>
    /// The text preprocessing recorded in the folder at <paramref name="path"/> (or the folder of a weights file),
    /// or <see cref="Data.TextPreprocessing.None"/> when it has no <see cref="PreprocessingFile"/>: a model BertGen
    /// did not train gets its texts as they are, as Hugging Face's pipelines give them.
    /// </summary>
    /// <exception cref="CheckpointException">The record is malformed or asks for something this version cannot apply.</exception>
    public static Data.TextPreprocessing ReadPreprocessing(string path)
    {
        var folder = Directory.Exists(path) ? path : Path.GetDirectoryName(Path.GetFullPath(path))!;
        var record = Path.Combine(folder, PreprocessingFile);
        return File.Exists(record) ? PreprocessingRecord.Read(record) : Data.TextPreprocessing.None;
    }

    /// <summary>
    /// The multi-label threshold recorded in the folder at <paramref name="path"/> (or the folder of a weights file),
    /// or null when it has no <see cref="PredictionFile"/>.
    /// </summary>
    /// <exception cref="CheckpointException">The record is malformed.</exception>
    public static double? ReadMultiLabelThreshold(string path)
    {
        var folder = Directory.Exists(path) ? path : Path.GetDirectoryName(Path.GetFullPath(path))!;
        var record = Path.Combine(folder, PredictionFile);
        return File.Exists(record) ? PredictionRecord.ReadThreshold(record) : null;
    }

    private static string TokenizerConfig(ModelFolderOptions options, BertConfig config) => new JsonObject
    {
        ["tokenizer_class"] = "BertTokenizer",
        ["do_lower_case"] = options.LowerCase,
        ["strip_accents"] = null,
        ["tokenize_chinese_chars"] = true,
        ["model_max_length"] = options.MaxLength ?? config.MaxPositionEmbeddings,
        ["unk_token"] = "[UNK]",
        ["sep_token"] = "[SEP]",
        ["pad_token"] = "[PAD]",
        ["cls_token"] = "[CLS]",
        ["mask_token"] = "[MASK]",
    }.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }) + "\n";

    private static void WriteText(Stream stream, string text)
    {
        var bytes = new System.Text.UTF8Encoding(false).GetBytes(text);
        stream.Write(bytes);
    }
}
