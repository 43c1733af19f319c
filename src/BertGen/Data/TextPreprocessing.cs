namespace BertGen.Data;

/// <summary>
/// What texts go through before the tokenizer. A BertGen training run records it in the model folder
/// (<c>bertgen_preprocessing.json</c>, see <see cref="Checkpoints.ModelFolder.PreprocessingFile"/>), and prediction
/// and evaluation apply exactly that; a folder without the record (any Hugging Face model) gets <see cref="None"/>.
/// </summary>
public sealed record TextPreprocessing
{
    /// <summary><see cref="TextCleaning.Clean"/>: &lt;br /&gt; tags replaced by spaces, whitespace runs collapsed, ends trimmed.</summary>
    public bool CleanText { get; init; }

    /// <summary>Texts go to the tokenizer as they are, as Hugging Face's pipelines pass them.</summary>
    public static TextPreprocessing None { get; } = new();

    /// <summary>The tutorial's cleaning (<see cref="TextCleaning.Clean"/>), BertGen's default for training data.</summary>
    public static TextPreprocessing Cleaning { get; } = new() { CleanText = true };

    /// <summary>The text as the model should see it.</summary>
    public string Apply(string text) => CleanText ? TextCleaning.Clean(text) : text;
}
