using static TorchSharp.torch;

namespace BertGen.Modeling.Modules;

/// <summary>One post-LayerNorm Transformer encoder layer (HF <c>BertLayer</c>: attention, intermediate, output).</summary>
public sealed class BertLayer : nn.Module<Tensor, Tensor?, Tensor>
{
    private readonly BertAttention attention;
    private readonly BertIntermediate intermediate;
    private readonly BertResidualOutput output;

    public BertLayer(BertConfig config) : base(nameof(BertLayer))
    {
        attention = new BertAttention(config);
        intermediate = new BertIntermediate(config);
        output = new BertResidualOutput(config.IntermediateSize, config);
        RegisterComponents();
    }

    public override Tensor forward(Tensor hidden, Tensor? additiveMask)
    {
        var attended = attention.forward(hidden, additiveMask);
        return output.forward(intermediate.forward(attended), attended);
    }
}
