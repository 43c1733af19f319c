namespace BertGen.Tokenization;

/// <summary>
/// Writes a whole-word <c>vocab.txt</c> for a corpus in BERT's layout: [PAD] = 0, [unused0..98], [UNK] = 100,
/// [CLS] = 101, [SEP] = 102, [MASK] = 103, then every word (lowercased) and punctuation mark the basic
/// tokenizer produces, most frequent first. Enough for a from-scratch model on a closed corpus such as the
/// built-in synthetic reviews; open text wants a trained WordPiece vocabulary (<see cref="WordPieceVocabularyTrainer"/>).
/// </summary>
public static class WordVocabulary
{
    public static void Write(string path, IEnumerable<string> texts, bool lowerCase = true)
    {
        var words = WordCounts.Count(texts, lowerCase).OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal).Select(c => c.Key);
        WordCounts.WriteVocabulary(path, [.. WordCounts.SpecialEntries(99), .. words]);
    }
}
