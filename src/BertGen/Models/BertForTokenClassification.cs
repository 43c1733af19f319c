namespace BertGen.Models;

/// <summary>
/// A token classifier (named entities, tagging) of any size: every architectural value comes from the
/// <c>config.json</c> it is loaded or built with. The named-entity task, the tagger and the command line use it.
/// </summary>
[BertModel(FromConfig = true)]
[TokenClassificationHead]
public partial class BertForTokenClassification;
