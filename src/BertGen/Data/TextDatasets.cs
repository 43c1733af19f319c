namespace BertGen.Data;

/// <summary>Reads labelled texts from a CSV file (plain or gzipped) or an aclImdb folder, whichever the path is.</summary>
public static class TextDatasets
{
    public static TextDataset Read(string path, TextDataOptions? options = null)
    {
        if (Directory.Exists(path))
            return AclImdbReader.Read(path, options);
        if (!File.Exists(path))
            throw new DataException($"{path}: no such data file or folder (expected a CSV file or an aclImdb folder)");
        return CsvTextReader.Read(path, options);
    }
}
