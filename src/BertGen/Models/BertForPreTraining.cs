namespace BertGen.Models;

/// <summary>BERT with both pretraining heads (masked LM + next-sentence prediction), of any size: values come from <c>config.json</c>.</summary>
[BertModel(FromConfig = true)]
[PretrainingHead]
public partial class BertForPreTraining;

/// <summary>BERT with the masked-LM head only, of any size: values come from <c>config.json</c>.</summary>
[BertModel(FromConfig = true)]
[MaskedLMHead]
public partial class BertForMaskedLM;
