namespace BertGen.Checkpoints;

/// <summary>
/// Writes files so that a crash never leaves one half-written: each goes to a temporary file in the
/// target folder (same file system), is flushed to disk, and only then renamed over the target. When
/// several files are written together, all are complete on disk before the first rename.
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
                var temporary = Path.Combine(folder, $".{name}.{Guid.NewGuid():N}.tmp");
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
}
