using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace BertGen.Cli.Bench;

/// <summary>
/// The baseline the generated model is measured against: BERT for sequence classification written by hand in
/// plain TorchSharp, the way a user without BertGen would, with the same operations (fused attention
/// entry point, GELU, post-LayerNorm) and initialisation, so that in inference any difference is overhead of the
/// generated code. In training it keeps libtorch's dropout, as such a user would, so the generated model's
/// lead there is BertGen's dropout kernel (<see cref="BertGen.Modeling.BertDropout"/>).
/// </summary>
internal sealed class HandWrittenBert : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly Embedding words, positions, segments;
    private readonly LayerNorm embeddingNorm;
    private readonly ModuleList<HandWrittenLayer> layers;
    private readonly Linear pooler, classifier;
    private readonly Dropout dropout = nn.Dropout(0.1);

    public HandWrittenBert(int vocabulary, int layerCount, int hidden, int heads, int labels) : base(nameof(HandWrittenBert))
    {
        words = nn.Embedding(vocabulary, hidden, padding_idx: 0);
        positions = nn.Embedding(512, hidden);
        segments = nn.Embedding(2, hidden);
        embeddingNorm = nn.LayerNorm(hidden, eps: 1e-12);
        layers = nn.ModuleList(Enumerable.Range(0, layerCount).Select(_ => new HandWrittenLayer(hidden, heads)).ToArray());
        pooler = nn.Linear(hidden, hidden);
        classifier = nn.Linear(hidden, labels);
        RegisterComponents();
        // BERT's initialisation, as the generated model has: speed depends on it (with TorchSharp's default
        // initialisation BERT Base trained about 10% faster on the benchmark's random data), so both start alike.
        using (no_grad())
        {
            foreach (var (name, parameter) in named_parameters())
            {
                if (name.Contains("Norm", StringComparison.Ordinal))
                    continue;
                if (name.EndsWith(".bias", StringComparison.Ordinal))
                    parameter.zero_();
                else
                    parameter.normal_(0, 0.02);
            }
        }
    }

    /// <returns>(batch, labels) logits.</returns>
    public override Tensor forward(Tensor ids, Tensor mask)
    {
        var position = arange(ids.shape[1], dtype: ScalarType.Int64, device: ids.device).unsqueeze(0);
        var x = dropout.forward(embeddingNorm.forward(words.forward(ids) + positions.forward(position) + segments.weight![0]));
        var additive = (1.0 - mask.to_type(x.dtype).unsqueeze(1).unsqueeze(2)) * -1e30;
        foreach (var layer in layers)
            x = layer.forward(x, additive);
        return classifier.forward(dropout.forward(tanh(pooler.forward(x[.., 0]))));
    }
}

internal sealed class HandWrittenLayer : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly Linear query, key, value, attentionOut, up, down;
    private readonly LayerNorm attentionNorm, outputNorm;
    private readonly Dropout dropout = nn.Dropout(0.1);
    private readonly int heads;

    public HandWrittenLayer(int hidden, int heads) : base(nameof(HandWrittenLayer))
    {
        query = nn.Linear(hidden, hidden);
        key = nn.Linear(hidden, hidden);
        value = nn.Linear(hidden, hidden);
        attentionOut = nn.Linear(hidden, hidden);
        up = nn.Linear(hidden, 4 * hidden);
        down = nn.Linear(4 * hidden, hidden);
        attentionNorm = nn.LayerNorm(hidden, eps: 1e-12);
        outputNorm = nn.LayerNorm(hidden, eps: 1e-12);
        this.heads = heads;
        RegisterComponents();
    }

    public override Tensor forward(Tensor x, Tensor additiveMask)
    {
        long batch = x.shape[0], length = x.shape[1], hidden = x.shape[2];
        Tensor Split(Tensor t) => t.view(batch, length, heads, hidden / heads).transpose(1, 2);
        var context = F.scaled_dot_product_attention(Split(query.forward(x)), Split(key.forward(x)), Split(value.forward(x)),
            additiveMask.to_type(x.dtype), p: training ? 0.1 : 0.0);
        var attended = attentionNorm.forward(dropout.forward(attentionOut.forward(context.transpose(1, 2).reshape(batch, length, hidden))) + x);
        return outputNorm.forward(dropout.forward(down.forward(F.gelu(up.forward(attended)))) + attended);
    }
}
