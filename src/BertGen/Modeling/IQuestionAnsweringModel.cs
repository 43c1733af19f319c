using static TorchSharp.torch;

namespace BertGen.Modeling;

/// <summary>A generated model with a question-answering head, which the question-answering task trains and the answerer predicts with.</summary>
public interface IQuestionAnsweringModel : IBertModel
{
    /// <summary>Scores answer starts and ends; with both positions (batch) also returns the span loss.</summary>
    QuestionAnsweringOutput Forward(BertInputs inputs, Tensor? startPositions = null, Tensor? endPositions = null);
}
