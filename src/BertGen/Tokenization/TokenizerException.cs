namespace BertGen.Tokenization;

/// <summary>
/// A vocabulary (<c>vocab.txt</c>) or tokenizer configuration that cannot be used as it is. The message names the
/// file and, where there is one, the line, and says what was expected.
/// </summary>
public sealed class TokenizerException(string message, Exception? inner = null) : Exception(message, inner);
