using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BertGen.Modeling.Modules;

/// <summary>
/// Masked-LM prediction (HF <c>BertLMPredictionHead</c>): transform, then a decoder whose weight IS the
/// word-embedding matrix (tied: one parameter, stored under both names as Hugging Face does) plus an
/// output bias, also reachable as <c>decoder.bias</c>.
/// </summary>
public sealed class BertLMPredictionHead : nn.Module<Tensor, Tensor>
{
    private readonly BertPredictionHeadTransform transform;
    private readonly Linear decoder;
    private readonly Parameter bias;

    public BertLMPredictionHead(BertConfig config, Embedding wordEmbeddings) : base(nameof(BertLMPredictionHead))
    {
        transform = new BertPredictionHeadTransform(config);
        decoder = nn.Linear(config.HiddenSize, config.VocabSize, hasBias: false);
        bias = nn.Parameter(zeros(config.VocabSize));
        decoder.weight = wordEmbeddings.weight!;
        decoder.bias = bias;
        RegisterComponents();
    }

    // The decoder (hidden × vocabulary) is the largest matrix multiplication of pretraining, so it runs in
    // the compute type too; the logits come back in float32 for the loss.
    public override Tensor forward(Tensor hidden) => PrecisionOps.ToFloat32(PrecisionOps.Dense(decoder, transform.forward(hidden)));

    // The tied decoder weight and bias are the word embeddings and `bias` under second names: like
    // PyTorch, list each parameter once, or an optimizer would update them twice per step. The state
    // dict still holds both names, as Hugging Face's does.
    public override IEnumerable<(string name, Parameter parameter)> named_parameters(bool recurse = true) =>
        base.named_parameters(recurse).Where(p => p.name is not ("decoder.weight" or "decoder.bias"));

    public override IEnumerable<Parameter> parameters(bool recurse = true) =>
        named_parameters(recurse).Select(p => p.parameter);
}
