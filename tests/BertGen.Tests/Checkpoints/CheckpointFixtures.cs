using BertGen.Checkpoints;
using BertGen.Modeling;
using BertGen.Tests.Infrastructure;
using static TorchSharp.torch;

namespace BertGen.Tests.Checkpoints;

/// <summary>
/// The checkpoint fixtures written by tests/fixtures/make_checkpoints.py (an independent PyTorch BERT):
/// model folders with reference.safetensors holding the inputs, labels and every output.
/// </summary>
internal static class CheckpointFixtures
{
    public static string Root { get; } = Path.Combine(RepositoryPaths.Root, "tests", "fixtures", "checkpoints");

    public static string Folder(string name) => Path.Combine(Root, name);

    /// <summary>The fixture folders of each head, by the name make_checkpoints.py gives them.</summary>
    public static readonly string[] Heads =
    [
        "encoder", "sequence-classification", "regression", "token-classification", "question-answering",
        "masked-lm", "next-sentence", "pretraining", "multiple-choice",
    ];

    /// <summary>Every tensor of <c>reference.safetensors</c> in <paramref name="folder"/>.</summary>
    public static Dictionary<string, Tensor> Reference(string folder)
    {
        using var reader = SafetensorsReader.Open(Path.Combine(folder, "reference.safetensors"));
        return reader.Tensors.Keys.ToDictionary(name => name, reader.Read);
    }

    public static BertInputs Inputs(Dictionary<string, Tensor> reference) =>
        new(reference["input_ids"], reference["attention_mask"], reference["token_type_ids"]) { OutputHiddenStates = true };

    /// <summary>
    /// Loads <paramref name="path"/> into the class for head <paramref name="head"/>, runs it on the
    /// reference inputs with the reference labels, and names the outputs as the reference does.
    /// </summary>
    public static (Dictionary<string, Tensor> Outputs, CheckpointLoadReport Report) Run(string head, string path, Dictionary<string, Tensor> reference)
    {
        var inputs = Inputs(reference);
        Tensor Label(string name) => reference["label." + name];
        switch (head)
        {
            case "encoder":
            {
                using var model = FixtureEncoder.FromPretrained(path, out var report);
                var output = model.Forward(inputs);
                return (Named(output.HiddenStates, ("last_hidden_state", output.LastHiddenState), ("pooler_output", output.PooledOutput)), report);
            }
            case "sequence-classification":
            {
                using var model = FixtureClassifier.FromPretrained(path, out var report);
                var output = model.Forward(inputs, Label("labels"));
                return (Named(output.HiddenStates, ("logits", output.Logits), ("loss", output.Loss)), report);
            }
            case "regression":
            {
                using var model = FixtureRegressor.FromPretrained(path, out var report);
                var output = model.Forward(inputs, Label("labels"));
                return (Named(output.HiddenStates, ("logits", output.Logits), ("loss", output.Loss)), report);
            }
            case "token-classification":
            {
                using var model = FixtureTagger.FromPretrained(path, out var report);
                var output = model.Forward(inputs, Label("labels"));
                return (Named(output.HiddenStates, ("logits", output.Logits), ("loss", output.Loss)), report);
            }
            case "question-answering":
            {
                using var model = FixtureReader.FromPretrained(path, out var report);
                var output = model.Forward(inputs, Label("start_positions"), Label("end_positions"));
                return (Named(output.HiddenStates, ("start_logits", output.StartLogits), ("end_logits", output.EndLogits), ("loss", output.Loss)), report);
            }
            case "masked-lm":
            {
                using var model = FixtureMaskedLM.FromPretrained(path, out var report);
                var output = model.Forward(inputs, Label("labels"));
                return (Named(output.HiddenStates, ("logits", output.Logits), ("loss", output.Loss)), report);
            }
            case "next-sentence":
            {
                using var model = FixtureNextSentence.FromPretrained(path, out var report);
                var output = model.Forward(inputs, Label("labels"));
                return (Named(output.HiddenStates, ("logits", output.Logits), ("loss", output.Loss)), report);
            }
            case "pretraining":
            {
                using var model = FixturePretraining.FromPretrained(path, out var report);
                var output = model.Forward(inputs, Label("labels"), Label("next_sentence_label"));
                return (Named(output.HiddenStates, ("prediction_logits", output.PredictionLogits), ("seq_relationship_logits", output.SeqRelationshipLogits), ("loss", output.Loss)), report);
            }
            case "multiple-choice":
            {
                using var model = FixtureChooser.FromPretrained(path, out var report);
                var output = model.Forward(inputs, Label("labels"));
                return (Named(output.HiddenStates, ("logits", output.Logits), ("loss", output.Loss)), report);
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(head), head, "no such fixture head");
        }
    }

    private static Dictionary<string, Tensor> Named(IReadOnlyList<Tensor>? hiddenStates, params (string Name, Tensor? Value)[] outputs)
    {
        var named = new Dictionary<string, Tensor>();
        for (int i = 0; i < (hiddenStates?.Count ?? 0); i++)
            named[$"hidden_states.{i}"] = hiddenStates![i];
        foreach (var (name, value) in outputs)
        {
            if (value is not null)
                named[name] = value;
        }
        return named;
    }

    /// <summary>
    /// Asserts that every reference output (all but inputs and labels) is present in
    /// <paramref name="outputs"/> and equal within <paramref name="tolerance"/>, naming the worst one.
    /// </summary>
    public static void AssertMatches(Dictionary<string, Tensor> reference, Dictionary<string, Tensor> outputs, double tolerance = 1e-5, Func<string, bool>? select = null)
    {
        var expectedNames = reference.Keys
            .Where(name => name is not ("input_ids" or "attention_mask" or "token_type_ids") && !name.StartsWith("label.", StringComparison.Ordinal))
            .Where(select ?? (_ => true))
            .ToList();
        Assert.NotEmpty(expectedNames);
        foreach (var name in expectedNames)
        {
            Assert.True(outputs.ContainsKey(name), $"the model gave no '{name}'; it gave {string.Join(", ", outputs.Keys)}");
            var expected = reference[name];
            var actual = outputs[name].detach().to(ScalarType.Float32);
            Assert.Equal(expected.shape, actual.shape);
            double difference = (actual - expected).abs().max().item<float>();
            Assert.True(difference <= tolerance, $"'{name}' differs from the reference by {difference:E2} (tolerance {tolerance:E0})");
        }
    }
}
