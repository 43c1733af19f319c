using static TorchSharp.torch;

namespace BertGen.Modeling;

/// <summary>A generated model with a token-classification head, which the named-entity task trains and the tagger predicts with.</summary>
public interface ITokenClassifier : IBertModel
{
    /// <summary>Classifies each token; with <paramref name="labels"/> (batch, sequence; -100 = ignore) also returns the loss.</summary>
    TokenClassifierOutput Forward(BertInputs inputs, Tensor? labels = null);
}
