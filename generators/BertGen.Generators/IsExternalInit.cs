// Records need this type, which netstandard2.0 lacks; the compiler only looks for its name.
namespace System.Runtime.CompilerServices;

internal static class IsExternalInit;
