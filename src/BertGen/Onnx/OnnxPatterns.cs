using BertGen.Checkpoints;
using Onnx;

namespace BertGen.Onnx;

/// <summary>
/// A dense layer found in the graph: <c>MatMul</c> against a constant <c>[in, out]</c> matrix followed by
/// an <c>Add</c> of a constant bias, or a <c>Gemm</c>. <see cref="Weight"/> is in Hugging Face's
/// <c>[out, in]</c> layout; <see cref="TransposeWeight"/> says whether it must be transposed on reading.
/// </summary>
internal sealed record LinearMatch(string Input, string Output, string Weight, bool TransposeWeight, string? Bias, NodeProto First, NodeProto Last)
{
    public int OutFeatures(OnnxGraph graph) => (int)graph.Constant(Weight)!.Dims[TransposeWeight ? 1 : 0];
}

/// <summary>A layer normalisation over the last axis: one <c>LayerNormalization</c> node or its decomposition.</summary>
internal sealed record LayerNormMatch(string Input, string Output, string Weight, string Bias, double Epsilon, NodeProto Last);

/// <summary>Finds BERT's building blocks in an <see cref="OnnxGraph"/>, by structure rather than by name.</summary>
internal static class OnnxPatterns
{
    /// <summary>Every dense layer of the graph, in graph order.</summary>
    public static List<LinearMatch> Linears(OnnxGraph graph)
    {
        var found = new List<LinearMatch>();
        foreach (var node in graph.Nodes)
        {
            if (node.OpType == "Gemm" && node.Input.Count >= 2 && graph.IsConstant(node.Input[1]))
            {
                if (Int(node, "transA", 0) != 0 || Float(node, "alpha", 1) != 1 || Float(node, "beta", 1) != 1)
                    throw new CheckpointException($"{graph.Path}: {OnnxGraph.Describe(node)} scales or transposes its input (transA, alpha, beta); BertGen reads only plain dense layers");
                var bias = node.Input.Count > 2 && node.Input[2].Length > 0 ? node.Input[2] : null;
                found.Add(new LinearMatch(node.Input[0], node.Output[0], node.Input[1], TransposeWeight: Int(node, "transB", 0) == 0, bias, node, node));
            }
            else if (node.OpType == "MatMul" && graph.IsConstant(node.Input[1]) && graph.Constant(node.Input[1])!.Dims.Count == 2)
            {
                var add = graph.Consumers(node.Output[0]) is [{ OpType: "Add" } single] ? single : null;
                var bias = add?.Input.FirstOrDefault(i => i != node.Output[0] && graph.Constant(i) is { Dims.Count: 1 });
                found.Add(bias is null
                    ? new LinearMatch(node.Input[0], node.Output[0], node.Input[1], true, null, node, node)
                    : new LinearMatch(node.Input[0], add!.Output[0], node.Input[1], true, bias, node, add));
            }
        }
        return found;
    }

    /// <summary>Every layer normalisation of the graph, in graph order.</summary>
    public static List<LayerNormMatch> LayerNorms(OnnxGraph graph)
    {
        var found = new List<LayerNormMatch>();
        foreach (var node in graph.Nodes)
        {
            if (node.OpType == "LayerNormalization")
            {
                if (Int(node, "axis", -1) != -1 || node.Input.Count < 3 || !graph.IsConstant(node.Input[1]) || !graph.IsConstant(node.Input[2]))
                    throw new CheckpointException($"{graph.Path}: {OnnxGraph.Describe(node)} is not a LayerNorm over the last axis with constant weight and bias");
                found.Add(new LayerNormMatch(node.Input[0], node.Output[0], node.Input[1], node.Input[2], Float(node, "epsilon", 1e-5), node));
            }
            else if (node.OpType == "Sqrt" && Decomposed(graph, node) is { } match)
            {
                found.Add(match);
            }
        }
        return found;
    }

    // (x - mean(x)) / sqrt(mean((x - mean(x))^2) + eps) * weight + bias, matched from its Sqrt.
    private static LayerNormMatch? Decomposed(OnnxGraph graph, NodeProto sqrt)
    {
        if (graph.Producer(sqrt.Input[0]) is not { OpType: "Add" } addEps)
            return null;
        var (varianceValue, epsValue) = Split(addEps, v => graph.Scalar(v) is not null);
        if (varianceValue is null || graph.Producer(varianceValue) is not { OpType: "ReduceMean" } variance)
            return null;
        if (graph.Producer(variance.Input[0]) is not { } square || !IsSquare(graph, square, out var centred))
            return null;
        if (graph.Producer(centred) is not { OpType: "Sub" } sub || graph.Producer(sub.Input[1]) is not { OpType: "ReduceMean" } mean || mean.Input[0] != sub.Input[0])
            return null;
        var divide = graph.Consumers(sqrt.Output[0]).FirstOrDefault(n => n.OpType == "Div" && n.Input[0] == centred);
        if (divide is null || graph.Consumers(divide.Output[0]) is not [{ OpType: "Mul" } scale])
            return null;
        var weight = scale.Input.FirstOrDefault(i => i != divide.Output[0] && graph.IsConstant(i));
        if (weight is null || graph.Consumers(scale.Output[0]) is not [{ OpType: "Add" } shift])
            return null;
        var bias = shift.Input.FirstOrDefault(i => i != scale.Output[0] && graph.IsConstant(i));
        if (bias is null)
            return null;
        return new LayerNormMatch(sub.Input[0], shift.Output[0], weight, bias, graph.Scalar(epsValue!)!.Value, shift);
    }

    private static bool IsSquare(OnnxGraph graph, NodeProto node, out string input)
    {
        input = node.Input[0];
        return node.OpType switch
        {
            "Pow" => graph.Scalar(node.Input[1]) == 2,
            "Mul" => node.Input[0] == node.Input[1],
            _ => false,
        };
    }

    /// <summary>The two inputs of a binary node: the one <paramref name="isSecond"/> picks goes second.</summary>
    public static (string? First, string? Second) Split(NodeProto node, Func<string, bool> isSecond)
    {
        if (node.Input.Count != 2) return (null, null);
        if (isSecond(node.Input[1])) return (node.Input[0], node.Input[1]);
        if (isSecond(node.Input[0])) return (node.Input[1], node.Input[0]);
        return (null, null);
    }

    public static long Int(NodeProto node, string name, long fallback) => OnnxGraph.Attribute(node, name) is { } a ? a.I : fallback;

    public static double Float(NodeProto node, string name, double fallback) => OnnxGraph.Attribute(node, name) is { } a ? a.F : fallback;
}
