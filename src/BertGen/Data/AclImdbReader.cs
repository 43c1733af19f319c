namespace BertGen.Data;

/// <summary>
/// Reads the Stanford Large Movie Review Dataset layout: a split folder with <c>pos/</c> and <c>neg/</c>
/// holding one review per <c>.txt</c> file (<c>aclImdb/train</c>), or the <c>aclImdb</c> root, whose
/// <c>train</c> split is read. Labels are <c>positive</c> and <c>negative</c>, as in the IMDb CSV.
/// </summary>
public static class AclImdbReader
{
    private static readonly (string Folder, string Label)[] s_classes = [("neg", "negative"), ("pos", "positive")];

    private static readonly System.Text.UTF8Encoding s_strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static bool IsAclImdbFolder(string path) =>
        Directory.Exists(path) && (HasClassFolders(path) || HasClassFolders(Path.Combine(path, "train")));

    private static bool HasClassFolders(string path) => s_classes.All(c => Directory.Exists(Path.Combine(path, c.Folder)));

    public static TextDataset Read(string path, TextDataOptions? options = null)
    {
        options ??= TextDataOptions.Default;
        var split = HasClassFolders(path) ? path : Path.Combine(path, "train");
        if (!HasClassFolders(split))
            throw new DataException($"{path}: not an aclImdb folder; expected pos/ and neg/ folders of .txt reviews, or a train/ folder holding them");

        var examples = new List<LabeledText>();
        var skipped = new List<string>();
        foreach (var (folder, label) in s_classes)
        {
            // Ordinal file order, so runs on different machines see the same order.
            foreach (var file in Directory.EnumerateFiles(Path.Combine(split, folder), "*.txt").Order(StringComparer.Ordinal))
            {
                string text;
                try
                {
                    // Strict UTF-8: an invalid byte would otherwise become U+FFFD without a word.
                    text = File.ReadAllText(file, s_strictUtf8);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Text.DecoderFallbackException)
                {
                    if (!options.SkipBadRows)
                        throw new DataException($"{file}: cannot read the review: {e.Message}", e);
                    skipped.Add($"{file}: {e.Message}");
                    continue;
                }
                var problem = CsvTextReader.Problem(text, label, options);
                if (problem is not null)
                {
                    if (!options.SkipBadRows)
                        throw new DataException($"{file}:1: {problem}");
                    skipped.Add($"{file}:1: {problem}");
                    continue;
                }
                examples.Add(new LabeledText(options.Clean ? TextCleaning.Clean(text) : text, label, file, 1));
            }
        }
        return new TextDataset(examples, skipped.Count, skipped);
    }
}
