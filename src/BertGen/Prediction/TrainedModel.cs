using BertGen.Checkpoints;
using BertGen.Modeling;
using BertGen.Tokenization;
using TorchSharp;
using static TorchSharp.torch;

namespace BertGen.Prediction;

/// <summary>
/// A saved model with a trained head, loaded for inference as <see cref="TextClassifierOptions"/> say: on its device,
/// with its tokenizer, the checked length and batch size, and the folder it came from.
/// </summary>
internal sealed record TrainedModel<TModel>(TModel Model, BertTokenizer Tokenizer, Device Device, int MaxLength, int BatchSize, string Folder)
    where TModel : nn.Module, IBertModel<TModel>
{
    /// <summary>Whether <paramref name="folder"/>'s <c>config.json</c> names <typeparamref name="TModel"/>'s Hugging Face class.</summary>
    public static bool IsFolderOf(string folder) =>
        File.Exists(Path.Combine(folder, CheckpointFiles.Config))
        && BertConfigJson.Load(Path.Combine(folder, CheckpointFiles.Config)).Architecture == TModel.Declaration.Architecture;

    /// <summary>
    /// Loads <paramref name="folder"/> (a model folder or Hub id) on the options' device, in evaluation mode and the
    /// options' precision, checking that the head was in the file (<paramref name="kind"/> names it in the error)
    /// and that the length fits the model's positions and holds at least <paramref name="minimumLength"/> tokens.
    /// With <paramref name="recordedLength"/>, a length the options leave open is the one the folder's
    /// <c>tokenizer_config.json</c> records (up to 512), before the model's positions.
    /// </summary>
    public static TrainedModel<TModel> Load(string folder, TextClassifierOptions options, string kind, int minimumLength, string minimumLayout, bool recordedLength = false)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.BatchSize < 1)
            throw new ArgumentException($"the batch size must be at least 1 (got {options.BatchSize})");
        var device = options.Device ?? Runtime.ComputeDevices.Select();
        folder = Hub.ModelLocation.Resolve(folder);
        var tokenizer = BertTokenizer.FromFolder(folder);
        var (model, report) = ModelFolder.Load<TModel>(folder);
        try
        {
            if (report.Missing.Count > 0)
                throw new InvalidDataException($"{folder}: is not a trained {kind}; it lacks {string.Join(", ", report.Missing)}");
            tokenizer.CheckFits(model.Config.VocabSize, folder);
            int positions = model.Config.MaxPositionEmbeddings;
            int maxLength = options.MaxLength ?? (recordedLength && tokenizer.ModelMaxLength is { } recorded ? Math.Min(recorded, 512) : Math.Min(512, positions));
            if (maxLength < minimumLength || maxLength > positions)
                throw new ArgumentException($"the maximum length must be from {minimumLength} ({minimumLayout}) to the model's {positions} positions (got {maxLength})");
            model.to(device);
            model.eval();
            if (options.Precision == ComputePrecision.BFloat16)
                ReducedPrecisionInference.ConvertToBFloat16(model);
            return new TrainedModel<TModel>(model, tokenizer, device, maxLength, options.BatchSize, folder);
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }
}
