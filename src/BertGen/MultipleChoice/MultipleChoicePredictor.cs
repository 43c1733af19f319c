using BertGen.Checkpoints;
using BertGen.Data;
using BertGen.Modeling;
using BertGen.Models;
using BertGen.Prediction;
using BertGen.Tokenization;
using TorchSharp;
using static TorchSharp.torch;

namespace BertGen.MultipleChoice;

/// <summary>Which choice a multiple-choice model picks and the probability (softmax over the choices) of each.</summary>
public sealed record ChoicePrediction(int Choice, double Probability, IReadOnlyList<double> Probabilities);

/// <summary>
/// Picks the right choice with a saved multiple-choice folder (BertGen's, or a Hugging Face
/// <c>BertForMultipleChoice</c> folder with vocab.txt): every choice is scored with its context in one pass.
/// </summary>
public sealed class MultipleChoicePredictor : IDisposable
{
    private readonly TrainedModel<BertForMultipleChoice> loaded;

    private MultipleChoicePredictor(TrainedModel<BertForMultipleChoice> loaded) => this.loaded = loaded;

    public BertTokenizer Tokenizer => loaded.Tokenizer;

    /// <summary>Context and choice together are truncated to this many tokens.</summary>
    public int MaxLength => loaded.MaxLength;

    /// <summary>Examples per forward pass.</summary>
    public int BatchSize => loaded.BatchSize;

    /// <summary>Whether <paramref name="folder"/>'s <c>config.json</c> names a multiple-choice model.</summary>
    public static bool IsMultipleChoiceFolder(string folder) => TrainedModel<BertForMultipleChoice>.IsFolderOf(folder);

    /// <summary>Loads <paramref name="folder"/> (a model folder or Hub id) on the options' device, at their length, batch size and precision.</summary>
    /// <exception cref="InvalidDataException">The folder holds no trained multiple-choice head.</exception>
    public static MultipleChoicePredictor Load(string folder, TextClassifierOptions options)
    {
        return new MultipleChoicePredictor(TrainedModel<BertForMultipleChoice>.Load(folder, options, "multiple-choice model", 4, "[CLS], context, [SEP], choice, [SEP]"));
    }

    /// <summary>The pick for each example (its <see cref="ChoiceExample.Label"/> is ignored), in input order.</summary>
    public IReadOnlyList<ChoicePrediction> Predict(IReadOnlyList<ChoiceExample> examples)
    {
        var encoded = ChoiceBatches.Encode(Tokenizer, examples.Select(e => e with { Label = 0 }).ToList(), MaxLength);
        var results = new ChoicePrediction[examples.Count];
        using var noGrad = no_grad();
        foreach (var indices in BatchPlanner.ForScoring(encoded.Select(e => e.Length).ToList(), BatchSize))
        {
            Runtime.CpuThreads.Tick();
            using var scope = NewDisposeScope();
            var (inputs, _, _) = ChoiceBatches.Collate(indices.Select(i => encoded[i]).ToList(), Tokenizer.PaddingTokenId, loaded.Device);
            var probabilities = nn.functional.softmax(loaded.Model.Forward(inputs).Logits.to_type(ScalarType.Float64), -1).cpu();
            int choices = (int)probabilities.shape[1];
            var values = probabilities.data<double>().ToArray();
            for (int row = 0; row < indices.Length; row++)
            {
                var mine = values[(row * choices)..((row + 1) * choices)];
                int best = Array.IndexOf(mine, mine.Max());
                results[indices[row]] = new ChoicePrediction(best, mine[best], mine);
            }
        }
        return results;
    }

    /// <summary>The pick for one context and its choices.</summary>
    public ChoicePrediction Predict(string context, IReadOnlyList<string> choices) => Predict([new ChoiceExample(context, choices, 0, "input", 1)])[0];

    public void Dispose() => loaded.Model.Dispose();
}
