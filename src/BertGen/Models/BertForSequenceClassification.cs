namespace BertGen.Models;

/// <summary>
/// A sequence classifier of any size: every architectural value comes from the <c>config.json</c> it is
/// loaded or built with. The trainer, the predictor and the command line use it for model folders whose
/// size is not known at compile time.
/// </summary>
[BertModel(FromConfig = true)]
[SequenceClassificationHead]
public partial class BertForSequenceClassification;
