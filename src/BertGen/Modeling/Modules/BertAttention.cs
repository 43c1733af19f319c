using static TorchSharp.torch;

namespace BertGen.Modeling.Modules;

/// <summary>Self-attention followed by its output block (HF <c>BertAttention</c>: <c>self</c>, <c>output</c>).</summary>
public sealed class BertAttention : nn.Module<Tensor, Tensor?, Tensor>
{
    private readonly BertSelfAttention self;
    private readonly BertResidualOutput output;

    public BertAttention(BertConfig config) : base(nameof(BertAttention))
    {
        self = new BertSelfAttention(config);
        output = new BertResidualOutput(config.HiddenSize, config);
        RegisterComponents();
    }

    public override Tensor forward(Tensor hidden, Tensor? additiveMask) =>
        output.forward(self.forward(hidden, additiveMask), hidden);
}
