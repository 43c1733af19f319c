namespace BertGen.Models;

/// <summary>
/// An extractive question answerer of any size: every architectural value comes from the <c>config.json</c> it is
/// loaded or built with. The question-answering task, the answerer and the command line use it.
/// </summary>
[BertModel(FromConfig = true)]
[QuestionAnsweringHead]
public partial class BertForQuestionAnswering;
