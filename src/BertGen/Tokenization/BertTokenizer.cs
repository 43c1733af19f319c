using System.Text.Json;
using Ml = Microsoft.ML.Tokenizers;

namespace BertGen.Tokenization;

/// <summary>
/// BERT's WordPiece tokenizer with exactly Hugging Face's ids: Microsoft.ML.Tokenizers' WordPiece
/// model, fed by <see cref="BertTextNormalizer"/> and <see cref="BertWordSplitter"/> (Hugging Face's
/// normalization and word splitting, which the library's own BERT options do not reproduce), with special
/// tokens written in the text ("[MASK]") kept whole as Hugging Face keeps them. Thread-safe.
/// </summary>
public sealed partial class BertTokenizer
{
    public const string ClassificationToken = "[CLS]", SeparatorToken = "[SEP]", PaddingToken = "[PAD]", UnknownToken = "[UNK]", MaskToken = "[MASK]";

    private static readonly string[] s_specialTokens = [ClassificationToken, SeparatorToken, PaddingToken, UnknownToken, MaskToken];

    private readonly Ml.BertTokenizer wordPiece;
    private readonly Dictionary<string, int> specialTokenIds;
    private readonly string[] tokens;
    private readonly BertTextNormalizer normalizer;

    private BertTokenizer(Ml.BertTokenizer wordPiece, string vocabularyPath, bool lowerCase, string[] tokens)
    {
        this.wordPiece = wordPiece;
        this.tokens = tokens;
        normalizer = new BertTextNormalizer(lowerCase);
        VocabularyPath = vocabularyPath;
        LowerCase = lowerCase;
        specialTokenIds = s_specialTokens.ToDictionary(token => token, token => Array.IndexOf(tokens, token));
    }

    /// <summary>The <c>vocab.txt</c> the tokenizer was loaded from (saved with models).</summary>
    public string VocabularyPath { get; }

    /// <summary>Whether text is lowercased and stripped of accents (uncased BERT).</summary>
    public bool LowerCase { get; }

    public int VocabularySize => tokens.Length;

    /// <summary>The token with id <paramref name="id"/>.</summary>
    public string Token(int id) => tokens[id];

    public int ClassificationTokenId => specialTokenIds[ClassificationToken];
    public int SeparatorTokenId => specialTokenIds[SeparatorToken];
    public int PaddingTokenId => specialTokenIds[PaddingToken];
    public int UnknownTokenId => specialTokenIds[UnknownToken];
    public int MaskTokenId => specialTokenIds[MaskToken];

    /// <summary>The ids of the special tokens ([CLS], [SEP], [PAD], [UNK], [MASK]).</summary>
    public IReadOnlyCollection<int> SpecialTokenIds => specialTokenIds.Values;

    /// <summary>Loads a WordPiece <c>vocab.txt</c> (one token per line, the line number is the id).</summary>
    public static BertTokenizer FromVocabulary(string vocabularyPath, bool lowerCase = true)
    {
        // Checked first (see VocabularyFile), and the library is given exactly the checked tokens, so that its ids
        // and ours are the same line numbers.
        var tokens = VocabularyFile.Read(vocabularyPath, s_specialTokens);
        var options = new Ml.BertOptions
        {
            Normalizer = new BertTextNormalizer(lowerCase),
            PreTokenizer = BertWordSplitter.Instance,
            // Special tokens are split off before normalization (see Split), as Hugging Face does.
            SplitOnSpecialTokens = false,
            LowerCaseBeforeTokenization = lowerCase,
        };
        using var checkedTokens = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(string.Join('\n', tokens)));
        var tokenizer = Ml.BertTokenizer.Create(checkedTokens, options);
        return new BertTokenizer(tokenizer, Path.GetFullPath(vocabularyPath), lowerCase, tokens);
    }

    /// <summary>
    /// Loads the tokenizer of a Hugging Face model folder: <c>vocab.txt</c>, with <c>do_lower_case</c> from
    /// <c>tokenizer_config.json</c> when present (uncased otherwise, as bert-base-uncased). A Hugging Face model
    /// id is downloaded first (see <see cref="Hub.ModelLocation"/>).
    /// </summary>
    public static BertTokenizer FromFolder(string folder)
    {
        folder = Hub.ModelLocation.Resolve(folder);
        var vocabulary = Path.Combine(folder, "vocab.txt");
        if (!File.Exists(vocabulary))
            throw new FileNotFoundException($"{folder}: the model folder has no vocab.txt, so it has no BERT tokenizer", vocabulary);
        bool lowerCase = true;
        int? modelMaxLength = null;
        var configPath = Path.Combine(folder, "tokenizer_config.json");
        if (File.Exists(configPath))
        {
            try
            {
                using var config = JsonDocument.Parse(File.ReadAllText(configPath), new JsonDocumentOptions { AllowDuplicateProperties = false });
                if (config.RootElement.ValueKind != JsonValueKind.Object)
                    throw new TokenizerException($"{configPath}: expected a JSON object, not {config.RootElement.ValueKind}");
                if (config.RootElement.TryGetProperty("do_lower_case", out var value))
                    lowerCase = value.ValueKind == JsonValueKind.True || (value.ValueKind != JsonValueKind.False ? throw new TokenizerException($"{configPath}: do_lower_case must be true or false") : false);
                // Hugging Face writes a huge sentinel (1e30) when the length is unknown: only a usable length counts.
                if (config.RootElement.TryGetProperty("model_max_length", out var length) && length.ValueKind == JsonValueKind.Number && length.TryGetInt32(out int tokens) && tokens > 0)
                    modelMaxLength = tokens;
            }
            catch (JsonException e)
            {
                throw new TokenizerException($"{configPath}: not valid JSON (line {e.LineNumber + 1}): {e.Message}", e);
            }
        }
        var tokenizer = FromVocabulary(vocabulary, lowerCase);
        tokenizer.ModelMaxLength = modelMaxLength;
        return tokenizer;
    }

    /// <summary>
    /// Throws <see cref="TokenizerException"/> when the vocabulary has ids beyond the model's
    /// <paramref name="embeddings"/> token embeddings (<c>vocab_size</c>), which would otherwise fail inside libtorch
    /// ("index out of range") on the first text that uses one. <paramref name="model"/> names the model in the message.
    /// </summary>
    public void CheckFits(int embeddings, string model)
    {
        if (VocabularySize > embeddings)
            throw new TokenizerException($"{VocabularyPath}: the vocabulary has {VocabularySize:N0} tokens but {model} has only {embeddings:N0} token embeddings (vocab_size); use the vocabulary the model was trained with");
    }

    /// <summary>The longest input the folder's <c>tokenizer_config.json</c> records (<c>model_max_length</c>); null when it records none.</summary>
    public int? ModelMaxLength { get; private set; }

    /// <summary>The WordPiece ids of <paramref name="text"/>, without [CLS]/[SEP].</summary>
    public List<int> Tokenize(string text)
    {
        var ids = new List<int>(text.Length / 4 + 4);
        foreach (var (start, length, specialId) in Split(text))
        {
            if (specialId >= 0)
                ids.Add(specialId);
            else
                ids.AddRange(wordPiece.EncodeToIds(text.Substring(start, length), addSpecialTokens: false, considerPreTokenization: true, considerNormalization: true));
        }
        return ids;
    }

    /// <summary>The WordPiece tokens of <paramref name="text"/> as strings (sub-words carry "##").</summary>
    public IReadOnlyList<string> TokenizeToStrings(string text) => Tokenize(text).Select(Token).ToList();

    /// <summary>
    /// Encodes <paramref name="text"/> (and <paramref name="pair"/>) as <c>[CLS] A [SEP] (B [SEP])</c>, truncated to
    /// <see cref="BertEncodeOptions.MaxLength"/> (longest first for pairs). Not padded.
    /// </summary>
    public BertEncoding Encode(string text, string? pair = null, BertEncodeOptions? options = null)
    {
        var (ids, types, _, _) = Assemble(Tokenize(text), pair is null ? null : Tokenize(pair), options ?? BertEncodeOptions.Default);
        return new BertEncoding(ids, types);
    }

    /// <summary>
    /// Lays out <c>[CLS] first [SEP] (second [SEP])</c>, truncated longest first to the options' length; returns the ids,
    /// the segment ids and how many tokens of each part were kept.
    /// </summary>
    private (int[] Ids, int[] Types, int KeptFirst, int KeptSecond) Assemble(IReadOnlyList<int> first, IReadOnlyList<int>? second, BertEncodeOptions options)
    {
        int specials = second is null ? 2 : 3;
        int budget = options.MaxLength - specials;
        if (budget < 0)
            throw new ArgumentOutOfRangeException(nameof(options), $"MaxLength {options.MaxLength} leaves no room for the {specials} special tokens");
        var (keepFirst, keepSecond) = PairTruncation.Lengths(first.Count, second?.Count ?? 0, budget);
        if (!options.Truncation && (keepFirst < first.Count || keepSecond < (second?.Count ?? 0)))
            throw new ArgumentException($"the text has {first.Count + (second?.Count ?? 0) + specials} tokens, more than MaxLength {options.MaxLength}, and truncation is off");

        int length = keepFirst + keepSecond + specials;
        var ids = new int[length];
        var types = new int[length];
        int at = 0;
        ids[at++] = ClassificationTokenId;
        for (int i = 0; i < keepFirst; i++)
            ids[at++] = first[i];
        ids[at++] = SeparatorTokenId;
        if (second is not null)
        {
            Array.Fill(types, 1, at, keepSecond + 1);
            for (int i = 0; i < keepSecond; i++)
                ids[at++] = second[i];
            ids[at++] = SeparatorTokenId;
        }
        return (ids, types, keepFirst, keepSecond);
    }

    /// <summary>Encodes many texts (or pairs) on all cores; the result is in input order.</summary>
    public BertEncoding[] EncodeMany(IReadOnlyList<string> texts, IReadOnlyList<string>? pairs = null, BertEncodeOptions? options = null, int? maxDegreeOfParallelism = null)
    {
        if (pairs is not null && pairs.Count != texts.Count)
            throw new ArgumentException($"{texts.Count} texts but {pairs.Count} pairs", nameof(pairs));
        var encodings = new BertEncoding[texts.Count];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism ?? Environment.ProcessorCount };
        Parallel.For(0, texts.Count, parallel, i => encodings[i] = Encode(texts[i], pairs?[i], options));
        return encodings;
    }

    /// <summary>
    /// Encodes texts (or pairs) and pads them into model inputs: ids, attention mask (1 real, 0 padding) and
    /// token type ids, padded to the longest text or to <see cref="BertEncodeOptions.MaxLength"/>.
    /// </summary>
    public Modeling.BertInputs EncodeBatch(IReadOnlyList<string> texts, IReadOnlyList<string>? pairs = null, BertEncodeOptions? options = null, TorchSharp.torch.Device? device = null)
    {
        options ??= BertEncodeOptions.Default;
        var encodings = EncodeMany(texts, pairs, options);
        return Data.BatchCollator.Pad(encodings.Select(e => (e.InputIds, e.TokenTypeIds)).ToList(), options.Padding, options.MaxLength, PaddingTokenId, device, options.PadToMultipleOf);
    }

    /// <summary>Turns ids back into text; special tokens are left out unless asked for.</summary>
    public string Decode(IEnumerable<int> ids, bool skipSpecialTokens = true) =>
        wordPiece.Decode(skipSpecialTokens ? ids.Where(id => !specialTokenIds.ContainsValue(id)) : ids) ?? "";

    // Special tokens written in the raw text are whole tokens, found before normalization (so "[MASK]"
    // is a mask but "[mask]" in uncased text is three ordinary tokens), as Hugging Face matches them.
    private IEnumerable<(int Start, int Length, int SpecialId)> Split(string text)
    {
        int start = 0;
        int bracket = text.IndexOf('[');
        while (bracket >= 0)
        {
            string? special = null;
            foreach (var token in s_specialTokens)
            {
                if (string.CompareOrdinal(text, bracket, token, 0, token.Length) == 0)
                {
                    special = token;
                    break;
                }
            }
            if (special is not null)
            {
                if (bracket > start)
                    yield return (start, bracket - start, -1);
                yield return (bracket, special.Length, specialTokenIds[special]);
                start = bracket + special.Length;
            }
            bracket = text.IndexOf('[', special is null ? bracket + 1 : start);
        }
        if (start < text.Length)
            yield return (start, text.Length - start, -1);
    }
}
