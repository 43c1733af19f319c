using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using BertGen.Data;

namespace BertGen.Checkpoints;

/// <summary>
/// The <c>bertgen_preprocessing.json</c> of a model folder: the <see cref="TextPreprocessing"/> its training data had.
/// A file of its own rather than a field of <c>tokenizer_config.json</c>: Hugging Face passes that file's fields to
/// the tokenizer, whose <c>__call__</c> would not apply them, so a reader there would wrongly believe texts are
/// cleaned; and a model folder may be saved without tokenizer files. Hugging Face ignores files it does not know
/// (as sentence-transformers' <c>config_sentence_transformers.json</c> shows), so the folder still loads there.
/// </summary>
internal static class PreprocessingRecord
{
    private const int Version = 1;

    public static string ToJson(TextPreprocessing preprocessing) => new JsonObject
    {
        ["bertgen_preprocessing_version"] = Version,
        ["clean_text"] = preprocessing.CleanText,
        ["description"] = preprocessing.CleanText
            ? "BertGen's TextCleaning.Clean before tokenizing: <br /> tags replaced by spaces, whitespace runs collapsed to one space, ends trimmed"
            : "texts go to the tokenizer unchanged",
    }.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n";

    /// <summary>The record in <paramref name="path"/>.</summary>
    /// <exception cref="CheckpointException">The file is not a record this version of BertGen can apply exactly.</exception>
    public static TextPreprocessing Read(string path)
    {
        var record = RecordFile.Read(path, "bertgen_preprocessing_version", Version, ["clean_text", "description"], "\"clean_text\"");
        if (record["clean_text"] is not JsonValue clean || !clean.TryGetValue(out bool cleanText))
            throw new CheckpointException($"{path}: \"clean_text\" must be true or false (got {record["clean_text"]?.ToJsonString() ?? "nothing"})");
        return new TextPreprocessing { CleanText = cleanText };
    }
}
