namespace BertGen.Tests.Checkpoints;

// Declarations for the checkpoints of tests/fixtures/checkpoints (2 layers, hidden 32, 4 heads, FFN 64,
// vocabulary 120, 24 positions). The classifier declares every size; the others take theirs from
// config.json, as a user's one-declaration-for-any-checkpoint class does.

[BertModel(Layers = 2, Heads = 4, HiddenSize = 32, IntermediateSize = 64, VocabSize = 120, MaxPositions = 24)]
[SequenceClassificationHead(Labels = 3, LabelNames = ["bad", "neutral", "good"])]
public partial class FixtureClassifier;

[BertModel(FromConfig = true)]
[EncoderOnly]
public partial class FixtureEncoder;

[BertModel(FromConfig = true)]
[SequenceClassificationHead]
public partial class FixtureRegressor;

[BertModel(FromConfig = true)]
[TokenClassificationHead]
public partial class FixtureTagger;

[BertModel(FromConfig = true)]
[QuestionAnsweringHead]
public partial class FixtureReader;

[BertModel(FromConfig = true)]
[MaskedLMHead]
public partial class FixtureMaskedLM;

[BertModel(FromConfig = true)]
[NextSentencePredictionHead]
public partial class FixtureNextSentence;

[BertModel(FromConfig = true)]
[PretrainingHead]
public partial class FixturePretraining;

[BertModel(FromConfig = true)]
[MultipleChoiceHead]
public partial class FixtureChooser;
