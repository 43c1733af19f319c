namespace BertGen.Samples.QuestionAnswering;

/// <summary>
/// all-MiniLM-L6-v2's shape with an extractive question-answering head (a start and an end score per token). The
/// generator makes it an <c>IQuestionAnsweringModel</c>, so the question-answering task trains it as it is: no glue.
/// </summary>
[BertModel(Layers = 6, Heads = 12, HiddenSize = 384, IntermediateSize = 1536, VocabSize = 30522)]
[QuestionAnsweringHead]
public partial class MiniLmReader;
