namespace BertGen.Tests.Modeling;

// Tiny declarations of every head, compiled by the real generator in this test project.

[BertModel(Layers = 2, Heads = 4, HiddenSize = 64, IntermediateSize = 128, VocabSize = 300, MaxPositions = 64)]
[EncoderOnly]
public partial class TinyEncoder;

[BertModel(Layers = 2, Heads = 4, HiddenSize = 64, IntermediateSize = 128, VocabSize = 300, MaxPositions = 64)]
[SequenceClassificationHead(Labels = 3, LabelNames = ["bad", "neutral", "good"])]
public partial class TinyClassifier;

[BertModel(Layers = 2, Heads = 4, HiddenSize = 64, IntermediateSize = 128, VocabSize = 300, MaxPositions = 64)]
[SequenceClassificationHead(Labels = 1)]
public partial class TinyRegressor;

[BertModel(Layers = 2, Heads = 4, HiddenSize = 64, IntermediateSize = 128, VocabSize = 300, MaxPositions = 64, Activation = HiddenActivation.GeluTanh)]
[TokenClassificationHead(Labels = 5)]
public partial class TinyTagger;

[BertModel(Layers = 2, Heads = 4, HiddenSize = 64, IntermediateSize = 128, VocabSize = 300, MaxPositions = 64)]
[QuestionAnsweringHead]
public partial class TinyReader;

[BertModel(Layers = 2, Heads = 4, HiddenSize = 64, IntermediateSize = 128, VocabSize = 300, MaxPositions = 64)]
[MaskedLMHead]
public partial class TinyMaskedLM;

[BertModel(Layers = 2, Heads = 4, HiddenSize = 64, IntermediateSize = 128, VocabSize = 300, MaxPositions = 64, Activation = HiddenActivation.Relu)]
[NextSentencePredictionHead]
public partial class TinyNextSentence;

[BertModel(Layers = 2, Heads = 4, HiddenSize = 64, IntermediateSize = 128, VocabSize = 300, MaxPositions = 64)]
[PretrainingHead]
public partial class TinyPretraining;

[BertModel(Layers = 2, Heads = 4, HiddenSize = 64, IntermediateSize = 128, VocabSize = 300, MaxPositions = 64)]
[MultipleChoiceHead]
public partial class TinyChooser;

[BertModel(FromConfig = true)]
[SequenceClassificationHead]
public partial class AnyBertClassifier;

[BertModel(Layers = 12, Heads = 12, HiddenSize = 768, IntermediateSize = 3072)]
[EncoderOnly]
public partial class BertBaseEncoder;

[BertModel(Layers = 12, Heads = 12, HiddenSize = 768, IntermediateSize = 3072)]
[SequenceClassificationHead(Labels = 2)]
public partial class BertBaseClassifier;

[BertModel(Layers = 24, Heads = 16, HiddenSize = 1024, IntermediateSize = 4096)]
[EncoderOnly]
public partial class BertLargeEncoder;

[BertModel(Layers = 24, Heads = 16, HiddenSize = 1024, IntermediateSize = 4096)]
[SequenceClassificationHead(Labels = 2)]
public partial class BertLargeClassifier;
