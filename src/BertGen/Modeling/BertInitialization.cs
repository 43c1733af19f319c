using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BertGen.Modeling;

/// <summary>Hugging Face's <c>_init_weights</c> for BERT: N(0, initializer_range) weights, zero biases, LayerNorm 1/0.</summary>
public static class BertInitialization
{
    public static void Apply(nn.Module model, BertConfig config)
    {
        using var noGrad = no_grad();
        foreach (var module in model.modules())
        {
            switch (module)
            {
                case Linear linear:
                    nn.init.normal_(linear.weight!, 0, config.InitializerRange);
                    if (linear.bias is { } bias)
                        bias.zero_();
                    break;
                case Embedding embedding:
                    nn.init.normal_(embedding.weight!, 0, config.InitializerRange);
                    break;
                case LayerNorm layerNorm:
                    layerNorm.weight!.fill_(1.0);
                    layerNorm.bias!.zero_();
                    break;
            }
        }
        // Last, because a tied masked-LM decoder re-initialises the same matrix as a Linear.
        foreach (var embeddings in model.modules().OfType<Modules.BertEmbeddings>())
            embeddings.WordEmbeddings.weight![config.PadTokenId].zero_();
    }
}
