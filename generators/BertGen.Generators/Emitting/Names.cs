namespace BertGen.Generators.Emitting;

/// <summary>
/// Fully qualified names the emitted code uses. Every type is written with <c>global::</c> and no local is
/// declared with <c>var</c>, so no name of the user's program (a type called <c>var</c>, a namespace called
/// <c>TorchSharp</c>) can capture one.
/// </summary>
internal static class Names
{
    public const string Tensor = "global::TorchSharp.torch.Tensor";
    public const string Nn = "global::TorchSharp.torch.nn";
    public const string Linear = "global::TorchSharp.Modules.Linear";
    public const string DisposeScope = "global::TorchSharp.DisposeScope";
    public const string NewDisposeScope = "global::TorchSharp.torch.NewDisposeScope()";
    public const string Modeling = "global::BertGen.Modeling";
    public const string Modules = "global::BertGen.Modeling.Modules";
    public const string Checkpoints = "global::BertGen.Checkpoints";
}
