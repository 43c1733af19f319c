using BertGen.Modeling;

namespace BertGen;

// One attribute per head type. Each names the Hugging Face class whose checkpoints it loads.

/// <summary>No task head: the encoder and its pooler (<c>BertModel</c>).</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class EncoderOnlyAttribute : Attribute;

/// <summary>
/// One label (or score) per sequence from the pooled [CLS] state (<c>BertForSequenceClassification</c>):
/// cross-entropy loss, or mean squared error when <see cref="Labels"/> is 1 (regression).
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class SequenceClassificationHeadAttribute : Attribute
{
    /// <summary>Number of classes (<c>num_labels</c>); 1 means regression.</summary>
    public int Labels { get; set; } = BertConfigFields.DefaultNumLabels;

    /// <summary>Optional class names in id order, written as <c>id2label</c>/<c>label2id</c>.</summary>
    public string[]? LabelNames { get; set; }

    /// <summary>Dropout before the classifier (<c>classifier_dropout</c>); negative means the hidden dropout.</summary>
    public double ClassifierDropout { get; set; } = -1;
}

/// <summary>One label per token, for tagging such as NER (<c>BertForTokenClassification</c>); label -100 is ignored.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class TokenClassificationHeadAttribute : Attribute
{
    /// <summary>Number of tag classes (<c>num_labels</c>).</summary>
    public int Labels { get; set; } = BertConfigFields.DefaultNumLabels;

    /// <summary>Optional tag names in id order, written as <c>id2label</c>/<c>label2id</c>.</summary>
    public string[]? LabelNames { get; set; }

    /// <summary>Dropout before the classifier (<c>classifier_dropout</c>); negative means the hidden dropout.</summary>
    public double ClassifierDropout { get; set; } = -1;
}

/// <summary>Extractive question answering: start and end logits per token (<c>BertForQuestionAnswering</c>).</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class QuestionAnsweringHeadAttribute : Attribute;

/// <summary>Masked language modelling with the decoder tied to the word embeddings (<c>BertForMaskedLM</c>).</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class MaskedLMHeadAttribute : Attribute;

/// <summary>Next-sentence prediction on the pooled output (<c>BertForNextSentencePrediction</c>).</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class NextSentencePredictionHeadAttribute : Attribute;

/// <summary>BERT's pretraining: masked LM and next-sentence prediction, losses summed (<c>BertForPreTraining</c>).</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class PretrainingHeadAttribute : Attribute;

/// <summary>
/// Multiple choice (<c>BertForMultipleChoice</c>): inputs shaped (batch, choices, sequence), one score per
/// choice, softmax over the choices.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class MultipleChoiceHeadAttribute : Attribute
{
    /// <summary>Dropout before the scorer (<c>classifier_dropout</c>); negative means the hidden dropout.</summary>
    public double ClassifierDropout { get; set; } = -1;
}
