namespace BertGen.Tests.Hardening.Fuzzing;

/// <summary>
/// One reader's fuzz cases: <paramref name="Cases"/> seeded mutations from <paramref name="FirstSeed"/> on. For a
/// seed, <paramref name="Prepare"/> writes the mutated input under a folder and returns what it did, the path the
/// error must name, and the read; a read returns, or throws <paramref name="Documented"/> naming the path.
/// </summary>
internal sealed record FuzzFamily(string Name, int Cases, int FirstSeed, Type Documented, Func<int, string, FuzzCase> Prepare);

/// <summary>One prepared case: the mutation, the path its error must begin with, and the read to run.</summary>
internal sealed record FuzzCase(string Mutation, string Source, Action Read);

/// <summary>How one case ended.</summary>
internal enum FuzzOutcome
{
    /// <summary>Read: the reader returned (and the family's checks of what it returned passed).</summary>
    Read,

    /// <summary>Refused with the documented exception, naming the file.</summary>
    Refused,

    /// <summary>Another exception type, a message that names nothing, or a family's check failed.</summary>
    Defect,

    /// <summary>Still running after the time limit.</summary>
    Hang,

    /// <summary>The process running it died.</summary>
    Crash,
}
