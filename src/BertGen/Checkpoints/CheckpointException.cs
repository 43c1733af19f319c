namespace BertGen.Checkpoints;

/// <summary>
/// A checkpoint that cannot be read or does not fit the model. The message names the file and, where
/// there is one, the tensor, and says what was expected.
/// </summary>
public sealed class CheckpointException(string message, Exception? inner = null) : Exception(message, inner);
