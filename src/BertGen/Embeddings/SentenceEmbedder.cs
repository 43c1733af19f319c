using BertGen.Checkpoints;
using BertGen.Data;
using BertGen.Modeling;
using BertGen.Models;
using BertGen.Prediction;
using BertGen.Tokenization;
using TorchSharp;
using static TorchSharp.torch;

namespace BertGen.Embeddings;

/// <summary>
/// Sentence embeddings from a BERT encoder: a Hugging Face model folder, or a BERT exported to ONNX (such
/// as the sentence-transformers models). Texts are tokenized as Hugging Face does, encoded in batches of
/// similar length, pooled (mean over the real tokens, or <c>[CLS]</c>) and by default scaled to unit length.
/// </summary>
public sealed class SentenceEmbedder : IDisposable
{
    private readonly BertEncoder model;
    private readonly Device device;

    private SentenceEmbedder(BertEncoder model, BertTokenizer tokenizer, SentenceEmbedderOptions options, Device device)
    {
        this.model = model;
        this.device = device;
        Tokenizer = tokenizer;
        Options = options;
        if (options.Precision == ComputePrecision.BFloat16)
            ReducedPrecisionInference.ConvertToBFloat16(model);
    }

    public BertTokenizer Tokenizer { get; }

    public SentenceEmbedderOptions Options { get; }

    /// <summary>The length of every embedding (the model's hidden size).</summary>
    public int Dimension => model.Config.HiddenSize;

    /// <summary>
    /// Loads the encoder at <paramref name="path"/>: an <c>.onnx</c> file (with <c>vocab.txt</c> beside it or
    /// <see cref="SentenceEmbedderOptions.VocabularyPath"/>), or a model folder of any BERT head (its encoder is used).
    /// </summary>
    public static SentenceEmbedder Load(string path, SentenceEmbedderOptions? options = null, Device? device = null)
    {
        options ??= SentenceEmbedderOptions.Default;
        if (options.MaxLength < 2 || options.BatchSize < 1)
            throw new ArgumentException($"embedding options: max length {options.MaxLength} and batch size {options.BatchSize}; expected at least 2 and 1");
        device ??= Runtime.ComputeDevices.Select();
        bool onnx = path.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase);
        var vocabulary = options.VocabularyPath ?? (onnx ? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, ModelFolder.VocabularyFile) : null);
        if (vocabulary is not null && !File.Exists(vocabulary))
            throw new CheckpointException($"{path}: no vocabulary at {vocabulary}; give one (--vocab) for an ONNX model");
        var tokenizer = vocabulary is not null ? BertTokenizer.FromVocabulary(vocabulary) : BertTokenizer.FromFolder(path);
        var model = onnx ? BertEncoder.FromOnnx(path, out var report) : BertEncoder.FromPretrained(path, out report);
        var encoderMissing = report.Missing.Where(name => !name.StartsWith("pooler.", StringComparison.Ordinal)).ToList();
        if (encoderMissing.Count > 0)
        {
            model.Dispose();
            throw new CheckpointException($"{path}: is not a trained BERT encoder; it lacks {string.Join(", ", encoderMissing.Take(5))}");
        }
        try
        {
            tokenizer.CheckFits(model.Config.VocabSize, path);
        }
        catch
        {
            model.Dispose();
            throw;
        }
        model.to(device);
        model.eval();
        return new SentenceEmbedder(model, tokenizer, options, device);
    }

    public float[] Embed(string text) => Embed([text])[0];

    /// <summary>One embedding per text, in input order.</summary>
    public float[][] Embed(IReadOnlyList<string> texts) =>
        BatchedInference.Run(Tokenizer, texts, Math.Min(Options.MaxLength, model.Config.MaxPositionEmbeddings), Options.BatchSize, device,
            inputs =>
            {
                var pooled = Pool(model.Forward(inputs).LastHiddenState, inputs.AttentionMask!);
                return Options.Normalize ? nn.functional.normalize(pooled, p: 2, dim: 1) : pooled;
            },
            row => Array.ConvertAll(row, value => (float)value));

    private Tensor Pool(Tensor hidden, Tensor attentionMask)
    {
        if (Options.Pooling == EmbeddingPooling.Cls)
            return hidden.select(1, 0);
        // Padding must not count: sum the real tokens' vectors and divide by their number.
        var mask = attentionMask.unsqueeze(-1).to(hidden.dtype);
        return (hidden * mask).sum(1) / mask.sum(1).clamp_min(1e-9);
    }

    public void Dispose() => model.Dispose();
}
