namespace BertGen.Checkpoints;

/// <summary>What goes into a saved model folder besides <c>config.json</c> and <c>model.safetensors</c>.</summary>
public sealed record ModelFolderOptions
{
    /// <summary>A WordPiece <c>vocab.txt</c> to save with the model, with a <c>tokenizer_config.json</c>; none when null.</summary>
    public string? VocabularyPath { get; init; }

    /// <summary>Whether the tokenizer lowercases (and strips accents from) text, as uncased BERT does.</summary>
    public bool LowerCase { get; init; } = true;

    /// <summary>The longest input the tokenizer produces (<c>model_max_length</c>); the model's positions when null.</summary>
    public int? MaxLength { get; init; }

    /// <summary>
    /// What texts go through before the tokenizer, recorded in <c>bertgen_preprocessing.json</c> so that prediction
    /// repeats it; when null no record is written (and a stale one is removed), and prediction cleans nothing.
    /// </summary>
    public Data.TextPreprocessing? Preprocessing { get; init; }

    /// <summary>
    /// Multi-label models: the probability at or above which a class was predicted in validation, recorded in
    /// <c>bertgen_prediction.json</c> so that prediction decides the same way; when null no record is written (and a
    /// stale one is removed), and prediction uses 0.5.
    /// </summary>
    public double? MultiLabelThreshold { get; init; }

    public static ModelFolderOptions Default { get; } = new();
}
