namespace BertGen.Checkpoints;

/// <summary>
/// Finds the weights in a model folder the way Hugging Face's <c>from_pretrained</c> does: safetensors
/// first (single file, then sharded), then <c>pytorch_model.bin</c> (single, then sharded). A path to a
/// weights file is taken as it is.
/// </summary>
public static class CheckpointFiles
{
    public const string Safetensors = "model.safetensors";
    public const string SafetensorsIndex = "model.safetensors.index.json";
    public const string PyTorch = "pytorch_model.bin";
    public const string PyTorchIndex = "pytorch_model.bin.index.json";
    public const string Config = "config.json";

    private static readonly string[] s_preference = [Safetensors, SafetensorsIndex, PyTorch, PyTorchIndex];

    /// <summary>The weights file of <paramref name="path"/> (a folder or a file).</summary>
    public static string FindWeights(string path)
    {
        if (File.Exists(path))
            return path;
        if (!Directory.Exists(path))
            throw new CheckpointException($"{path}: no such model folder or weights file");
        return s_preference.Select(name => Path.Combine(path, name)).FirstOrDefault(File.Exists)
            ?? throw new CheckpointException($"{path}: the folder has no weights; expected one of {string.Join(", ", s_preference)}");
    }

    /// <summary>Opens a weights file by its form: safetensors, a shard index, or a torch.save archive.</summary>
    public static ITensorSource Open(string weightsPath)
    {
        var name = Path.GetFileName(weightsPath);
        if (name.EndsWith(".index.json", StringComparison.OrdinalIgnoreCase))
            return ShardedTensorSource.Open(weightsPath, Open);
        if (name.EndsWith(".safetensors", StringComparison.OrdinalIgnoreCase))
            return SafetensorsReader.Open(weightsPath);
        return PyTorchZipReader.Open(weightsPath);
    }
}
