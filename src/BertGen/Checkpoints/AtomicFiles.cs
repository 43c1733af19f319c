namespace BertGen.Checkpoints;

/// <summary>
/// Writes files so that a crash never leaves one half-written: each goes to a temporary file in the
/// target folder (same file system), is flushed to disk, and only then renamed over the target. When
/// several files are written together, all are complete on disk before the first rename. A temporary file
/// carries its writer's process id, so the next write of the same file removes those that a killed process left.
/// </summary>
public static class AtomicFiles
{
    /// <summary>Writes <paramref name="files"/> (name in <paramref name="folder"/>, writer) and then puts them all in place.</summary>
    public static void WriteAll(string folder, IReadOnlyList<(string Name, Action<Stream> Write)> files)
    {
        Directory.CreateDirectory(folder);
        var staged = new List<(string Temporary, string Target)>();
        try
        {
            foreach (var (name, write) in files)
            {
                var target = Path.Combine(folder, name);
                RemoveLeftovers(folder, name);
                var temporary = Path.Combine(folder, $".{name}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
                staged.Add((temporary, target));
                using var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
                write(stream);
                stream.Flush(flushToDisk: true);
            }
            foreach (var (temporary, target) in staged)
                File.Move(temporary, target, overwrite: true);
        }
        finally
        {
            foreach (var (temporary, _) in staged)
            {
                if (File.Exists(temporary))
                    File.Delete(temporary);
            }
        }
    }

    /// <summary>Writes one file atomically.</summary>
    public static void Write(string path, Action<Stream> write) =>
        WriteAll(Path.GetDirectoryName(Path.GetFullPath(path))!, [(Path.GetFileName(path), write)]);

    // Temporary files of this name whose writer is no longer running (killed mid-write); a live writer's are kept.
    private static void RemoveLeftovers(string folder, string name)
    {
        foreach (var path in Directory.EnumerateFiles(folder, $".{name}.*.tmp"))
        {
            var parts = Path.GetFileName(path)[(name.Length + 2)..^4].Split('.');
            if (parts.Length != 2 || !int.TryParse(parts[0], out int writer) || IsRunning(writer))
                continue;
            try
            {
                File.Delete(path);
            }
            catch (IOException)
            {
                // Another writer removed it first.
            }
        }
    }

    private static bool IsRunning(int processId)
    {
        if (processId == Environment.ProcessId)
            return true;
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(processId);
            return !process.HasExited;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            return false;
        }
    }
}
