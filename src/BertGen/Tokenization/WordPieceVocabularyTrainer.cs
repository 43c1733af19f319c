namespace BertGen.Tokenization;

/// <summary>Settings of <see cref="WordPieceVocabularyTrainer"/>.</summary>
public sealed record WordPieceTrainingOptions
{
    /// <summary>Entries of the vocabulary, special tokens and [unused] slots included.</summary>
    public int VocabularySize { get; init; } = 30_522;

    /// <summary>[unused] slots for domain tokens users add later (bert-base-uncased has 994).</summary>
    public int UnusedSlots { get; init; } = 99;

    /// <summary>Words seen fewer times are left out of training (they still tokenize, from pieces).</summary>
    public int MinimumWordFrequency { get; init; } = 2;

    /// <summary>Lowercase and strip accents, for an uncased vocabulary.</summary>
    public bool LowerCase { get; init; } = true;
}

/// <summary>
/// Trains a WordPiece vocabulary the way Hugging Face's trainer does: text is normalized and split into words
/// as the tokenizer will split it, every word starts as characters (the first plain, the rest as "##"
/// continuations), and the most frequent adjacent pair of pieces is merged until the vocabulary is full.
/// The file has BERT's layout: [PAD] = 0, [unused0..], [UNK], [CLS], [SEP], [MASK], further [unused] slots,
/// then the pieces, so Microsoft.ML.Tokenizers and Hugging Face load it as any BERT vocab.txt. Written by
/// hand: Microsoft.ML.Tokenizers loads WordPiece vocabularies but cannot train one.
/// </summary>
public static class WordPieceVocabularyTrainer
{
    private const string Continuation = "##";

    public static List<string> Train(IEnumerable<string> texts, WordPieceTrainingOptions? options = null)
    {
        options ??= new WordPieceTrainingOptions();
        var words = WordCounts.Count(texts, options.LowerCase).Where(w => w.Value >= options.MinimumWordFrequency).ToList();
        var special = WordCounts.SpecialEntries(options.UnusedSlots);
        if (options.VocabularySize <= special.Count)
            throw new ArgumentException($"a vocabulary of {options.VocabularySize} leaves no room after {special.Count} special tokens and [unused] slots");

        var merger = new PairMerger(words);
        int room = options.VocabularySize - special.Count;
        var pieces = merger.Alphabet().ToList();
        if (pieces.Count > room)
            pieces = pieces.Take(room).ToList();
        while (pieces.Count < room && merger.MergeMostFrequent() is { } merged)
            pieces.Add(merged);
        return [.. special, .. pieces];
    }

    /// <summary>Trains and writes <c>vocab.txt</c> atomically; returns how many entries it has.</summary>
    public static int Write(string path, IEnumerable<string> texts, WordPieceTrainingOptions? options = null)
    {
        var vocabulary = Train(texts, options);
        WordCounts.WriteVocabulary(path, vocabulary);
        return vocabulary.Count;
    }

    /// <summary>
    /// Byte-pair-style merging over word types with incremental pair counts: each merge only revisits the
    /// words that contain the merged pair, found through an index from pairs to words.
    /// </summary>
    private sealed class PairMerger
    {
        private readonly List<string> symbols = [];
        private readonly Dictionary<string, int> symbolIds = new(StringComparer.Ordinal);
        private readonly List<List<int>> words = [];
        private readonly List<int> frequencies = [];
        private readonly Dictionary<(int, int), long> pairCounts = [];
        private readonly Dictionary<(int, int), HashSet<int>> pairWords = [];
        private readonly PriorityQueue<(int, int), (long, string)> queue = new(Comparer<(long Count, string Text)>.Create((x, y) =>
            x.Count != y.Count ? y.Count.CompareTo(x.Count) : string.CompareOrdinal(x.Text, y.Text)));
        private readonly List<string> alphabet = [];

        public PairMerger(List<KeyValuePair<string, int>> wordCounts)
        {
            // Most frequent words first, so the alphabet lists common characters first.
            foreach (var (word, count) in wordCounts.OrderByDescending(w => w.Value).ThenBy(w => w.Key, StringComparer.Ordinal))
            {
                var pieces = new List<int>();
                int i = 0;
                foreach (var rune in word.EnumerateRunes())
                {
                    var text = (i++ == 0 ? "" : Continuation) + rune;
                    pieces.Add(Symbol(text, addToAlphabet: true));
                }
                words.Add(pieces);
                frequencies.Add(count);
            }
            for (int w = 0; w < words.Count; w++)
                CountPairs(w, +1);
            foreach (var pair in pairCounts.Keys)
                Enqueue(pair);
        }

        public IEnumerable<string> Alphabet() => alphabet;

        /// <summary>Merges the most frequent pair and returns the new piece, or null when nothing is left to merge.</summary>
        public string? MergeMostFrequent()
        {
            while (queue.TryDequeue(out var pair, out var priority))
            {
                if (!pairCounts.TryGetValue(pair, out var count) || count != priority.Item1 || count <= 0)
                    continue;
                var (left, right) = pair;
                var merged = symbols[left] + symbols[right][Continuation.Length..];
                bool isNew = !symbolIds.ContainsKey(merged);
                int mergedId = Symbol(merged, addToAlphabet: false);
                foreach (var w in pairWords[pair].ToList())
                    Merge(w, left, right, mergedId);
                if (isNew)
                    return merged;
            }
            return null;
        }

        private void Merge(int w, int left, int right, int merged)
        {
            var pieces = words[w];
            CountPairs(w, -1);
            for (int i = 0; i < pieces.Count - 1; i++)
            {
                if (pieces[i] == left && pieces[i + 1] == right)
                {
                    pieces[i] = merged;
                    pieces.RemoveAt(i + 1);
                }
            }
            CountPairs(w, +1);
        }

        // Adds (sign +1) or removes (sign -1) word w's pairs; a merge removes a word's pairs, edits it, then adds them back.
        private void CountPairs(int w, int sign)
        {
            var pieces = words[w];
            for (int i = 0; i < pieces.Count - 1; i++)
            {
                var pair = (pieces[i], pieces[i + 1]);
                pairCounts[pair] = pairCounts.GetValueOrDefault(pair) + sign * (long)frequencies[w];
                if (!pairWords.TryGetValue(pair, out var set))
                    pairWords[pair] = set = [];
                if (sign > 0)
                    set.Add(w);
                else
                    set.Remove(w);
                // Every change is queued with the new count; stale entries are skipped when dequeued.
                if (pairCounts[pair] > 0)
                    Enqueue(pair);
            }
        }

        private void Enqueue((int, int) pair) => queue.Enqueue(pair, (pairCounts[pair], symbols[pair.Item1] + symbols[pair.Item2]));

        private int Symbol(string text, bool addToAlphabet)
        {
            if (symbolIds.TryGetValue(text, out var id))
                return id;
            id = symbols.Count;
            symbols.Add(text);
            symbolIds[text] = id;
            if (addToAlphabet)
                alphabet.Add(text);
            return id;
        }
    }
}
