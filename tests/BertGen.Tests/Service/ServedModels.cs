using BertGen.Tests.Infrastructure;
using BertGen.Tests.Onnx;

namespace BertGen.Tests.Service;

/// <summary>A small 3-label classifier whose vocabulary covers real review sentences, for the service tests.</summary>
internal static class ServedModels
{
    /// <summary>Real review sentences (the UCI files the flagship commits), 100 from each file.</summary>
    public static IReadOnlyList<string> Sentences { get; } = MiniLmImportTests.Sentences(200).Distinct().ToList();

    public static string ClassifierFolder(string parent) => UntrainedClassifiers.Save(parent, "served", Sentences, seed: 31, maxPositions: 128);
}
