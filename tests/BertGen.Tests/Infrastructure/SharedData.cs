namespace BertGen.Tests.Infrastructure;

/// <summary>
/// The shared data folder (vocabularies, configs, IMDb) that lives beside the repository, never in it:
/// $BERTGEN_DATA, or ../shared/data from the repository root. Outside CI a test without it is skipped
/// with the reason; with CI=true it fails, so CI can never pass by skipping.
/// </summary>
public static class SharedData
{
    public static string? Folder { get; } = Find();

    private static string? Find()
    {
        var candidates = new[]
        {
            Environment.GetEnvironmentVariable("BERTGEN_DATA"),
            Path.Combine(RepositoryPaths.Root, "..", "shared", "data"),
        };
        return candidates.Where(c => !string.IsNullOrEmpty(c)).Select(c => Path.GetFullPath(c!)).FirstOrDefault(Directory.Exists);
    }

    /// <summary>The full path of <paramref name="relativePath"/> in the data folder; skips or fails when absent.</summary>
    public static string File(string relativePath)
    {
        var path = Folder is null ? null : Path.Combine(Folder, relativePath);
        if (path is not null && System.IO.File.Exists(path))
            return path;

        var message = $"Shared data file '{relativePath}' not found (set BERTGEN_DATA or place the data at ../shared/data).";
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            throw new InvalidOperationException(message + " CI=true: data-dependent tests must run.");
        throw new SkipException(message);
    }
}
