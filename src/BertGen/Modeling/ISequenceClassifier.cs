using static TorchSharp.torch;

namespace BertGen.Modeling;

/// <summary>A generated model with a sequence-classification head, which the trainer and predictor work with.</summary>
public interface ISequenceClassifier : IBertModel
{
    /// <summary>Classifies each sequence; with <paramref name="labels"/> (batch) also returns the loss.</summary>
    SequenceClassifierOutput Forward(BertInputs inputs, Tensor? labels = null);
}
