namespace BertGen.Tokenization;

/// <summary>
/// A WordPiece token and the span of the original text it came from, <c>[Start, End)</c> in UTF-16 code units (.NET
/// string indices), as Hugging Face's <c>offset_mapping</c> gives it (which counts code points instead): characters
/// the normalizer removes belong to no token, and an [UNK] covers its whole word.
/// </summary>
public readonly record struct TokenSpan(int Id, int Start, int End);
