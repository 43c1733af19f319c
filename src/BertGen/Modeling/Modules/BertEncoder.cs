using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BertGen.Modeling.Modules;

/// <summary>The stack of encoder layers (HF <c>BertEncoder</c>: <c>layer.0</c>, <c>layer.1</c>, ...).</summary>
public sealed class BertEncoder : nn.Module
{
    private readonly ModuleList<BertLayer> layer;

    public BertEncoder(BertConfig config) : base(nameof(BertEncoder))
    {
        layer = nn.ModuleList(Enumerable.Range(0, config.NumHiddenLayers).Select(_ => new BertLayer(config)).ToArray());
        RegisterComponents();
    }

    /// <summary>Runs every layer; when <paramref name="hiddenStates"/> is given, appends each layer's output to it.</summary>
    public Tensor forward(Tensor hidden, Tensor? additiveMask, List<Tensor>? hiddenStates)
    {
        foreach (var encoderLayer in layer)
        {
            hidden = encoderLayer.forward(hidden, additiveMask);
            hiddenStates?.Add(hidden);
        }
        return hidden;
    }
}
