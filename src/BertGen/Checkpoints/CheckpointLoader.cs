using static TorchSharp.torch;

namespace BertGen.Checkpoints;

/// <summary>Copies a checkpoint's tensors into a module's parameters under Hugging Face's names.</summary>
public static class CheckpointLoader
{
    /// <summary>
    /// Loads the weights at <paramref name="path"/> (a model folder or a weights file) into
    /// <paramref name="module"/>. Every name and shape is checked before any parameter changes, so a
    /// checkpoint that does not fit leaves the module as it was.
    /// </summary>
    public static CheckpointLoadReport LoadInto(nn.Module module, string path, CheckpointLoadOptions? options = null)
    {
        var weightsPath = CheckpointFiles.FindWeights(path);
        using var source = CheckpointFiles.Open(weightsPath);
        return LoadInto(module, source, options);
    }

    /// <summary>
    /// Loads the tensors of <paramref name="source"/> (an open checkpoint, or weights imported from another
    /// format) into <paramref name="module"/>, with the same name matching, checks and report.
    /// </summary>
    public static CheckpointLoadReport LoadInto(nn.Module module, ITensorSource source, CheckpointLoadOptions? options = null)
    {
        options ??= CheckpointLoadOptions.Default;
        var weightsPath = source.Path;
        var parameters = module.state_dict();
        var map = new CheckpointKeyMap(parameters.Keys, source.Tensors.Keys);

        if (options.Strict && (map.Missing.Count > 0 || map.Unexpected.Count > 0))
        {
            throw new CheckpointException(
                $"{weightsPath}: does not fit {module.GetName()} exactly (strict loading):" +
                (map.Missing.Count > 0 ? $"{Environment.NewLine}  missing from the file: {string.Join(", ", map.Missing)}" : "") +
                (map.Unexpected.Count > 0 ? $"{Environment.NewLine}  not in the model: {string.Join(", ", map.Unexpected)}" : ""));
        }

        var mismatched = map.Assignments
            .Select(a => (Parameter: parameters[a.Key], File: source.Tensors[a.Value], a.Key))
            .Where(a => !a.Parameter.shape.SequenceEqual(a.File.Shape))
            .ToList();
        foreach (var ignored in mismatched.Where(a => options.IgnoreMismatchedSizes.Contains(a.Key)))
        {
            map.Assignments.Remove(ignored.Key);
            map.Missing.Add(ignored.Key);
        }
        var shapeErrors = mismatched
            .Where(a => !options.IgnoreMismatchedSizes.Contains(a.Key))
            .Select(a => $"tensor '{a.File.Name}' has shape {a.File.ShapeText}; {module.GetName()}'s '{a.Key}' expects [{string.Join(", ", a.Parameter.shape)}]")
            .ToList();
        if (shapeErrors.Count > 0)
            throw new CheckpointException($"{weightsPath}: shapes do not match the model:{Environment.NewLine}  " + string.Join(Environment.NewLine + "  ", shapeErrors));

        var conversions = new List<DTypeConversion>();
        using (no_grad())
        {
            foreach (var (modelKey, fileKey) in map.Assignments.OrderBy(a => a.Key, StringComparer.Ordinal))
            {
                var parameter = parameters[modelKey];
                using var stored = source.Read(fileKey);
                if (stored.dtype != parameter.dtype)
                {
                    if (!IsFloatingPoint(stored.dtype) && IsFloatingPoint(parameter.dtype))
                        throw new CheckpointException($"{weightsPath}: tensor '{fileKey}' holds {CheckpointDTypes.Describe(stored.dtype)} values; '{modelKey}' is a {CheckpointDTypes.Describe(parameter.dtype)} parameter");
                    conversions.Add(new DTypeConversion(modelKey, stored.dtype, parameter.dtype));
                }
                parameter.copy_(stored);
            }
        }

        return new CheckpointLoadReport
        {
            WeightsPath = weightsPath,
            Loaded = [.. map.Assignments.Keys.Order(StringComparer.Ordinal)],
            Renamed = map.Renamed,
            Missing = map.Missing,
            Unexpected = map.Unexpected,
            Tied = map.Tied,
            Conversions = conversions,
        };
    }

    private static bool IsFloatingPoint(ScalarType dtype) =>
        dtype is ScalarType.Float16 or ScalarType.BFloat16 or ScalarType.Float32 or ScalarType.Float64;
}
