using System.Text.Json;
using BertGen.Checkpoints;
using BertGen.Modeling;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BertGen.Training;

/// <summary>
/// Per-epoch checkpoints under <c>{output}/checkpoints/epoch-N</c>: the model folder, the optimizer state and
/// <c>trainer_state.json</c>. A checkpoint becomes current only when <c>checkpoints/latest</c> is atomically
/// rewritten to name it, after all its files are on disk, so an interrupted save leaves the previous one in
/// force. Data order and dropout are derived from (seed, epoch), so a run resumed from epoch N continues
/// exactly as the uninterrupted run would have.
/// </summary>
public static class TrainingCheckpoints
{
    private const string OptimizerFile = "optimizer.bin", StateFile = "trainer_state.json", LatestFile = "latest";

    private static readonly JsonSerializerOptions s_json = new() { WriteIndented = true };

    public static string Folder(string output) => Path.Combine(output, "checkpoints");

    public static void Save<TMetrics>(string output, nn.Module model, BertConfig config, AdamW optimizer, TrainingState<TMetrics> state, ModelFolderOptions folderOptions)
    {
        var name = $"epoch-{state.EpochsCompleted}";
        var folder = Path.Combine(Folder(output), name);
        ModelFolder.Save(model, config, folder, folderOptions);
        var stateJson = JsonSerializer.SerializeToUtf8Bytes(state, s_json);
        AtomicFiles.WriteAll(folder,
        [
            (OptimizerFile, stream => { using var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true); optimizer.save_state_dict(writer); }),
            (StateFile, stream => stream.Write(stateJson)),
        ]);
        AtomicFiles.Write(Path.Combine(Folder(output), LatestFile), stream => stream.Write(System.Text.Encoding.UTF8.GetBytes(name)));
        foreach (var old in Directory.EnumerateDirectories(Folder(output), "epoch-*").Where(d => Path.GetFileName(d) != name))
            Directory.Delete(old, recursive: true);
    }

    /// <summary>
    /// What every trainer writes after an epoch: the model folder when the epoch is the best so far, the metrics
    /// files, and the epoch's checkpoint.
    /// </summary>
    public static void CompleteEpoch<TMetrics>(string output, nn.Module model, BertConfig config, AdamW optimizer, TrainingState<TMetrics> state,
        bool best, string plotTitle, ModelFolderOptions folderOptions) where TMetrics : IEpochSummary
    {
        if (best)
            ModelFolder.Save(model, config, output, folderOptions);
        MetricsReport.Write(output, state.History, plotTitle);
        Save(output, model, config, optimizer, state, folderOptions);
    }

    /// <summary>The latest checkpoint's folder, or null when the output holds none.</summary>
    public static string? Latest(string output)
    {
        var pointer = Path.Combine(Folder(output), LatestFile);
        if (!File.Exists(pointer))
            return null;
        var folder = Path.Combine(Folder(output), File.ReadAllText(pointer).Trim());
        return Directory.Exists(folder) ? folder : throw new InvalidDataException($"{pointer}: names {folder}, which does not exist");
    }

    /// <summary>Restores the weights and optimizer state of <paramref name="folder"/> and returns the trainer state.</summary>
    public static TrainingState<TMetrics> Restore<TMetrics>(string folder, nn.Module model, AdamW optimizer)
    {
        CheckpointLoader.LoadInto(model, folder, new CheckpointLoadOptions { Strict = true });
        using (var reader = new BinaryReader(File.OpenRead(Path.Combine(folder, OptimizerFile))))
            optimizer.load_state_dict(reader);
        return JsonSerializer.Deserialize<TrainingState<TMetrics>>(File.ReadAllBytes(Path.Combine(folder, StateFile)))
            ?? throw new InvalidDataException($"{Path.Combine(folder, StateFile)}: empty trainer state");
    }
}
