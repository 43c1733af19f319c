namespace BertGen.Modeling;

/// <summary>A configuration that cannot be used: invalid, unreadable, or in conflict with a declaration.</summary>
public sealed class BertConfigException(string message, Exception? inner = null) : Exception(message, inner);
