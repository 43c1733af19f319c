using static TorchSharp.torch;

namespace BertGen.Modeling;

/// <summary>A generated model with a multiple-choice head, which the multiple-choice task trains and scores.</summary>
public interface IMultipleChoiceModel : IBertModel
{
    /// <summary>Scores each choice of <paramref name="inputs"/> (batch, choices, sequence); with <paramref name="labels"/> (batch) also returns the loss.</summary>
    MultipleChoiceOutput Forward(BertInputs inputs, Tensor? labels = null);
}
