namespace BertGen.Models;

/// <summary>
/// A multiple-choice model of any size (SWAG, PIQA): each choice is encoded with its context and scored by one
/// linear layer over the pooled output. Every architectural value comes from <c>config.json</c>.
/// </summary>
[BertModel(FromConfig = true)]
[MultipleChoiceHead]
public partial class BertForMultipleChoice;
