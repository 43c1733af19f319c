using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BertGen.Training;

/// <summary>AdamW's parameter groups: weight decay on weight matrices, none on biases and LayerNorm.</summary>
public static class ParameterGroups
{
    /// <summary>Freezes the encoder (everything under <c>bert.</c>) so that only the head trains.</summary>
    public static void FreezeEncoder(nn.Module model)
    {
        foreach (var (name, parameter) in model.named_parameters())
        {
            if (name.StartsWith("bert.", StringComparison.Ordinal))
                parameter.requires_grad = false;
        }
    }

    public static AdamW CreateOptimizer(nn.Module model, double learningRate, double weightDecay)
    {
        var trainable = model.named_parameters().Where(p => p.parameter.requires_grad).ToList();
        var decay = trainable.Where(p => !IsExcludedFromDecay(p.name)).Select(p => p.parameter).ToList();
        var noDecay = trainable.Where(p => IsExcludedFromDecay(p.name)).Select(p => p.parameter).ToList();
        var groups = new List<AdamW.ParamGroup>
        {
            new(decay, learningRate, 0.9, 0.999, 1e-8, weightDecay, false, false),
            new(noDecay, learningRate, 0.9, 0.999, 1e-8, 0.0, false, false),
        };
        return new FusedAdamW(groups, learningRate, weightDecay);
    }

    public static bool IsExcludedFromDecay(string name) =>
        name.EndsWith(".bias", StringComparison.Ordinal) || name.Contains("LayerNorm.", StringComparison.Ordinal);
}
