namespace BertGen.Hub;

/// <summary>
/// Turns what a user names a model by into a folder on disk: a local file or folder is taken as it is; otherwise a
/// Hugging Face model id (<c>bert-base-uncased</c>, <c>google/bert_uncased_L-2_H-128_A-2</c>, <c>org/name@v1</c>)
/// is downloaded into the hub cache, or found there, and its snapshot folder returned.
/// </summary>
public static class ModelLocation
{
    /// <summary>
    /// The local folder (or file) for <paramref name="pathOrModelId"/>. Downloads with <paramref name="options"/>,
    /// or <see cref="HubOptions.Current"/> when null.
    /// </summary>
    /// <exception cref="FileNotFoundException">Neither an existing path nor a valid model id.</exception>
    /// <exception cref="HubException">The model could not be fetched; <see cref="HubException.Kind"/> says why.</exception>
    public static string Resolve(string pathOrModelId, HubOptions? options = null) =>
        // Library loaders are synchronous; the async path awaits with ConfigureAwait(false) throughout, so blocking here cannot deadlock.
        ResolveAsync(pathOrModelId, options).GetAwaiter().GetResult();

    /// <inheritdoc cref="Resolve"/>
    public static async Task<string> ResolveAsync(string pathOrModelId, HubOptions? options = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(pathOrModelId);
        // A path wins, as in transformers: a folder called "bert-base-uncased" is that folder.
        if (File.Exists(pathOrModelId) || Directory.Exists(pathOrModelId))
            return pathOrModelId;
        if (!HubModelId.TryParse(pathOrModelId, out var id))
            throw new FileNotFoundException(
                $"{pathOrModelId}: no such file or folder, and not a valid Hugging Face model id ('name' or 'org/name', optionally with '@revision')", pathOrModelId);
        return await HubModelFiles.FetchAsync(id, options ?? HubOptions.Current, cancellation).ConfigureAwait(false);
    }
}
