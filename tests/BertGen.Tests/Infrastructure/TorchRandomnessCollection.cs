namespace BertGen.Tests.Infrastructure;

/// <summary>
/// Tests that need torch's process-wide random generator to themselves (same seed, same run) run in this
/// collection, alone, after the parallel ones: a test in another class drawing random numbers meanwhile
/// would change their dropout masks and initial weights.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TorchRandomnessCollection
{
    public const string Name = "torch random generator";
}
