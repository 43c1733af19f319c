namespace BertGen;

/// <summary>The feed-forward activation, as Hugging Face names it in <c>hidden_act</c>.</summary>
public enum HiddenActivation
{
    /// <summary>Exact GELU with erf (<c>"gelu"</c>), BERT's own.</summary>
    Gelu = 0,

    /// <summary>GELU's tanh approximation (<c>"gelu_new"</c>, <c>"gelu_pytorch_tanh"</c>).</summary>
    GeluTanh = 1,

    /// <summary>ReLU (<c>"relu"</c>).</summary>
    Relu = 2,
}
