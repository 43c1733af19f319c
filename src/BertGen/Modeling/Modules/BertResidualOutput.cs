using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BertGen.Modeling.Modules;

/// <summary>
/// Dense projection, dropout, residual add and LayerNorm: Hugging Face's <c>BertSelfOutput</c>
/// (after attention, hidden → hidden) and <c>BertOutput</c> (after the feed-forward, intermediate →
/// hidden) are this same block.
/// </summary>
public sealed class BertResidualOutput : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly Linear dense;
    private readonly LayerNorm LayerNorm;
    private readonly DropoutLayer dropout;

    public BertResidualOutput(int inputSize, BertConfig config) : base(nameof(BertResidualOutput))
    {
        dense = nn.Linear(inputSize, config.HiddenSize);
        LayerNorm = nn.LayerNorm(config.HiddenSize, eps: config.LayerNormEps);
        dropout = new DropoutLayer(config.HiddenDropoutProb);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input, Tensor residual) =>
        PrecisionOps.Normalize(LayerNorm, dropout.forward(PrecisionOps.Dense(dense, input)) + residual);
}
