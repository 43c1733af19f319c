using System.CommandLine;
using BertGen.Modeling;
using BertGen.Prediction;

namespace BertGen.Cli;

/// <summary>How <c>predict</c> and <c>evaluate</c> run a saved model: precision, batch size, length, device.</summary>
internal sealed class InferenceOptions
{
    public Option<ComputePrecision> Precision { get; } = new("--precision")
    {
        Description = "Float32, or BFloat16: the encoder's dense layers in bfloat16 (converted weights), about twice as fast on CPUs with bfloat16 instructions (AVX-512 BF16, AMX) and recent GPUs",
        DefaultValueFactory = _ => ComputePrecision.Float32,
    };

    public Option<int> BatchSize { get; } = new("--batch-size") { Description = "Texts per forward pass", DefaultValueFactory = _ => TextClassifierOptions.Default.BatchSize };

    public Option<int?> MaxLength { get; } = new("--max-length") { Description = "Truncate texts to this many tokens (default: the model's positions, at most 512)" };

    public Option<double?> Threshold { get; } = new("--threshold")
    {
        Description = "Multi-label models: the probability at or above which a class is predicted (default: the threshold the model was validated with in training, else 0.5)",
    };

    public Option<string?> Device { get; } = new("--device") { Description = "cpu, cuda or cuda:N (default: CUDA when available)" };

    public void AddTo(Command command)
    {
        command.Options.Add(Precision);
        command.Options.Add(BatchSize);
        command.Options.Add(MaxLength);
        command.Options.Add(Threshold);
        command.Options.Add(Device);
    }

    public TextClassifierOptions Read(ParseResult result, bool? clean) => new()
    {
        Device = Runtime.ComputeDevices.Select(result.GetValue(Device)),
        Precision = result.GetValue(Precision),
        BatchSize = result.GetValue(BatchSize),
        MaxLength = result.GetValue(MaxLength),
        Clean = clean,
        Threshold = result.GetValue(Threshold),
    };
}
