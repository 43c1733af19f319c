namespace BertGen.Tests.Infrastructure;

/// <summary>Locates the repository and the shared data folder from a running test.</summary>
public static class RepositoryPaths
{
    /// <summary>The folder holding BertGen.sln.</summary>
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "BertGen.sln")))
                return dir.FullName;
        }
        throw new InvalidOperationException($"BertGen.sln not found above {AppContext.BaseDirectory}.");
    }
}
