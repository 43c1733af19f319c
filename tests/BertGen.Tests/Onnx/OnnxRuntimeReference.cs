using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Tensor = TorchSharp.torch.Tensor;

namespace BertGen.Tests.Onnx;

/// <summary>Runs an ONNX graph with ONNX Runtime, the independent implementation the importer is checked against.</summary>
internal static class OnnxRuntimeReference
{
    /// <summary>
    /// Every output of the graph at <paramref name="path"/> for the given int64 inputs, as float32 TorchSharp
    /// tensors. By default the graph runs as exported: ORT's own fusions (<paramref name="optimised"/>)
    /// change the arithmetic a comparison is about.
    /// </summary>
    public static Dictionary<string, Tensor> Run(string path, IReadOnlyDictionary<string, Tensor> inputs, bool optimised = false)
    {
        using var options = new SessionOptions
        {
            GraphOptimizationLevel = optimised ? GraphOptimizationLevel.ORT_ENABLE_ALL : GraphOptimizationLevel.ORT_DISABLE_ALL,
            IntraOpNumThreads = 2,
        };
        using var session = new InferenceSession(path, options);
        var values = session.InputMetadata.Keys
            .Select(name => NamedOnnxValue.CreateFromTensor(name, new DenseTensor<long>(inputs[name].data<long>().ToArray(), inputs[name].shape.Select(d => (int)d).ToArray())))
            .ToList();
        using var results = session.Run(values);
        return results.ToDictionary(
            r => r.Name,
            r =>
            {
                var tensor = r.AsTensor<float>();
                return TorchSharp.torch.tensor(tensor.ToArray(), tensor.Dimensions.ToArray().Select(d => (long)d).ToArray());
            });
    }
}
