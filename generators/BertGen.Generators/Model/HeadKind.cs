namespace BertGen.Generators.Model;

/// <summary>The head a declaration puts on the encoder, one per head attribute.</summary>
internal enum HeadKind
{
    EncoderOnly,
    SequenceClassification,
    TokenClassification,
    QuestionAnswering,
    MaskedLM,
    NextSentencePrediction,
    Pretraining,
    MultipleChoice,
}

internal static class HeadKinds
{
    /// <summary>The attribute that selects each head, by metadata name.</summary>
    public static string AttributeName(this HeadKind head) => head switch
    {
        HeadKind.EncoderOnly => "BertGen.EncoderOnlyAttribute",
        HeadKind.SequenceClassification => "BertGen.SequenceClassificationHeadAttribute",
        HeadKind.TokenClassification => "BertGen.TokenClassificationHeadAttribute",
        HeadKind.QuestionAnswering => "BertGen.QuestionAnsweringHeadAttribute",
        HeadKind.MaskedLM => "BertGen.MaskedLMHeadAttribute",
        HeadKind.NextSentencePrediction => "BertGen.NextSentencePredictionHeadAttribute",
        HeadKind.Pretraining => "BertGen.PretrainingHeadAttribute",
        _ => "BertGen.MultipleChoiceHeadAttribute",
    };

    /// <summary>The Hugging Face class whose checkpoints the head loads (<c>architectures</c>).</summary>
    public static string Architecture(this HeadKind head) => head switch
    {
        HeadKind.EncoderOnly => "BertModel",
        HeadKind.SequenceClassification => "BertForSequenceClassification",
        HeadKind.TokenClassification => "BertForTokenClassification",
        HeadKind.QuestionAnswering => "BertForQuestionAnswering",
        HeadKind.MaskedLM => "BertForMaskedLM",
        HeadKind.NextSentencePrediction => "BertForNextSentencePrediction",
        HeadKind.Pretraining => "BertForPreTraining",
        _ => "BertForMultipleChoice",
    };

    /// <summary>The typed output of the head's forward.</summary>
    public static string OutputType(this HeadKind head) => head switch
    {
        HeadKind.EncoderOnly => "BertEncoderOutput",
        HeadKind.SequenceClassification => "SequenceClassifierOutput",
        HeadKind.TokenClassification => "TokenClassifierOutput",
        HeadKind.QuestionAnswering => "QuestionAnsweringOutput",
        HeadKind.MaskedLM => "MaskedLMOutput",
        HeadKind.NextSentencePrediction => "NextSentencePredictorOutput",
        HeadKind.Pretraining => "PreTrainingOutput",
        _ => "MultipleChoiceOutput",
    };

    /// <summary>Whether Hugging Face builds this head's encoder with the pooler.</summary>
    public static bool HasPooler(this HeadKind head) =>
        head is not (HeadKind.TokenClassification or HeadKind.QuestionAnswering or HeadKind.MaskedLM);

    /// <summary>Whether the head has a number of labels to declare.</summary>
    public static bool HasLabels(this HeadKind head) =>
        head is HeadKind.SequenceClassification or HeadKind.TokenClassification;

    /// <summary>Whether the head has a classifier dropout to declare.</summary>
    public static bool HasClassifierDropout(this HeadKind head) =>
        head is HeadKind.SequenceClassification or HeadKind.TokenClassification or HeadKind.MultipleChoice;
}
