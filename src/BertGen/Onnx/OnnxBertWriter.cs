using BertGen.Checkpoints;
using BertGen.Modeling;
using Onnx;
using static BertGen.Onnx.OnnxGraphBuilder;
using DataType = Onnx.TensorProto.Types.DataType;

namespace BertGen.Onnx;

/// <summary>
/// Writes a BERT as an ONNX graph of standard operators (opset 17), shaped as PyTorch's exporter writes
/// Hugging Face's modules: embeddings and their LayerNorm, per layer the attention with separate query,
/// key and value, the residual LayerNorms and the feed-forward block, then the pooler and the head.
/// Dense layers are <c>MatMul</c> + <c>Add</c> (<c>Gemm</c> on pooled vectors); weights keep Hugging
/// Face's names (a <c>MatMul</c>'s <c>[in, out]</c> copy is named <c>….weight.T</c>). The graph is the one
/// <see cref="OnnxImport"/> reads, so an export imports back to the same weights.
/// </summary>
internal sealed class OnnxBertWriter
{
    public const int Opset = OnnxExport.Opset;

    private readonly OnnxGraphBuilder graph = new("bert");
    private readonly BertConfig config;
    private readonly ExportWeights weights;
    private readonly string prefix;

    private OnnxBertWriter(BertConfig config, string architecture, ExportWeights weights)
    {
        this.config = config;
        this.weights = weights;
        Architecture = architecture;
        prefix = architecture == "BertModel" ? "" : "bert.";
    }

    private string Architecture { get; }

    /// <summary>The graph's inputs and outputs, by name.</summary>
    public sealed record Signature(IReadOnlyList<string> Inputs, IReadOnlyList<string> Outputs, bool PoolerUsed);

    public static (GraphProto Graph, Signature Signature) Write(BertConfig config, string architecture, ExportWeights weights)
    {
        var writer = new OnnxBertWriter(config, architecture, weights);
        var signature = writer.Build();
        return (writer.graph.Graph, signature);
    }

    private Signature Build()
    {
        bool multipleChoice = Architecture == "BertForMultipleChoice";
        OnnxAxis[] axes = multipleChoice ? ["batch", "choices", "sequence"] : ["batch", "sequence"];
        string[] inputs = ["input_ids", "attention_mask", "token_type_ids"];
        foreach (var input in inputs)
            graph.Input(input, DataType.Int64, axes);

        // Multiple choice scores each (context, choice) pair as one sequence: [batch, choices, seq] → [batch·choices, seq].
        string Flat(string input) => multipleChoice ? graph.Node("Flatten", input + "_flat", [input], Int("axis", 2)) : input;
        var ids = Flat("input_ids");
        var hidden = Embeddings(ids, Flat("token_type_ids"));
        var mask = AdditiveMask(Flat("attention_mask"));
        for (int i = 0; i < config.NumHiddenLayers; i++)
            hidden = Layer(i, hidden, mask);

        var outputs = new List<string>();
        void Output(string value, string name, params OnnxAxis[] shape)
        {
            graph.Output(value, name, DataType.Float, shape);
            outputs.Add(name);
        }
        bool poolerUsed = Architecture is "BertForSequenceClassification" or "BertForMultipleChoice" or "BertForNextSentencePrediction" or "BertForPreTraining"
            || (Architecture == "BertModel" && weights.Contains("pooler.dense.weight"));
        var pooled = poolerUsed ? Pooler(hidden) : null;
        switch (Architecture)
        {
            case "BertModel":
                Output(hidden, "last_hidden_state", "batch", "sequence", config.HiddenSize);
                if (pooled is not null)
                    Output(pooled, "pooler_output", "batch", config.HiddenSize);
                break;
            case "BertForSequenceClassification":
                Output(PooledLinear(pooled!, "classifier"), "logits", "batch", config.NumLabels);
                break;
            case "BertForMultipleChoice":
            {
                // One score per pair, back to [batch, choices]: the first two entries of input_ids' shape.
                var scores = PooledLinear(pooled!, "classifier");
                var shape = graph.Node("Shape", "input_ids_shape", ["input_ids"]);
                var batchAndChoices = graph.Node("Slice", "batch_and_choices", [shape, graph.Int64s([0]), graph.Int64s([2]), graph.Int64s([0])]);
                Output(graph.Node("Reshape", "choice_logits", [scores, batchAndChoices]), "logits", "batch", "choices");
                break;
            }
            case "BertForTokenClassification":
                Output(Linear(hidden, "classifier"), "logits", "batch", "sequence", config.NumLabels);
                break;
            case "BertForQuestionAnswering":
            {
                var logits = Linear(hidden, "qa_outputs");
                var split = graph.Nodes("Split", "qa_outputs_split", [logits], 2, Int("axis", -1));
                Output(graph.Node("Squeeze", "start_logits", [split[0], graph.Int64s([-1])]), "start_logits", "batch", "sequence");
                Output(graph.Node("Squeeze", "end_logits", [split[1], graph.Int64s([-1])]), "end_logits", "batch", "sequence");
                break;
            }
            case "BertForMaskedLM":
                Output(MaskedLmLogits(hidden), "logits", "batch", "sequence", config.VocabSize);
                break;
            case "BertForNextSentencePrediction":
                Output(PooledLinear(pooled!, "cls.seq_relationship"), "logits", "batch", 2);
                break;
            case "BertForPreTraining":
                Output(MaskedLmLogits(hidden), "prediction_logits", "batch", "sequence", config.VocabSize);
                Output(PooledLinear(pooled!, "cls.seq_relationship"), "seq_relationship_logits", "batch", 2);
                break;
            default:
                throw new CheckpointException($"cannot export architecture '{Architecture}'; BertGen exports BertModel, BertForSequenceClassification, BertForTokenClassification, BertForQuestionAnswering, BertForMultipleChoice, BertForMaskedLM, BertForNextSentencePrediction and BertForPreTraining");
        }
        return new Signature(inputs, outputs, poolerUsed);
    }

    // ---------------------------------------------------------------- encoder

    private string Embeddings(string ids, string types)
    {
        var word = graph.Node("Gather", "word_embeddings", [Weight("embeddings.word_embeddings.weight"), ids]);
        // Positions 0 .. sequence-1, from the input's own length.
        var length = graph.Node("Gather", "sequence_length", [graph.Node("Shape", "input_shape", [ids]), graph.Int64s([1], scalar: true)], Int("axis", 0));
        var positions = graph.Node("Range", "position_ids", [graph.Int64s([0], scalar: true), length, graph.Int64s([1], scalar: true)]);
        var position = graph.Node("Gather", "position_embeddings", [Weight("embeddings.position_embeddings.weight"), positions]);
        var segment = graph.Node("Gather", "token_type_embeddings", [Weight("embeddings.token_type_embeddings.weight"), types]);
        var sum = graph.Node("Add", "embeddings_sum", [graph.Node("Add", "word_and_segment", [word, segment]), position]);
        return LayerNorm(sum, "embeddings.LayerNorm");
    }

    /// <summary>1 = attend, 0 = padding → [batch, 1, 1, seq] of 0 and float32's most negative value, as Hugging Face does.</summary>
    private string AdditiveMask(string mask)
    {
        var keep = graph.Node("Unsqueeze", "mask_unsqueezed", [graph.Node("Cast", "mask_float", [mask], Int("to", (long)DataType.Float)), graph.Int64s([1, 2])]);
        var padding = graph.Node("Sub", "mask_inverted", [graph.Scalar(1f), keep]);
        return graph.Node("Mul", "additive_mask", [padding, graph.Scalar(float.MinValue)]);
    }

    private string Layer(int index, string hidden, string mask)
    {
        var p = $"encoder.layer.{index}.";
        int heads = config.NumAttentionHeads, headSize = config.HiddenSize / config.NumAttentionHeads;
        var headShape = graph.Int64s([0, 0, heads, headSize]);
        string Heads(string value, string name, long[] permutation) =>
            graph.Node("Transpose", name, [graph.Node("Reshape", name + "_heads", [value, headShape])], Ints("perm", permutation));

        var query = Heads(Linear(hidden, p + "attention.self.query"), $"layer{index}_query", [0, 2, 1, 3]);
        var keyT = Heads(Linear(hidden, p + "attention.self.key"), $"layer{index}_key_t", [0, 2, 3, 1]);
        var value = Heads(Linear(hidden, p + "attention.self.value"), $"layer{index}_value", [0, 2, 1, 3]);
        var scores = graph.Node("MatMul", $"layer{index}_scores", [query, keyT]);
        var scaled = graph.Node("Div", $"layer{index}_scaled_scores", [scores, graph.Scalar(MathF.Sqrt(headSize))]);
        var probabilities = graph.Node("Softmax", $"layer{index}_attention_probs", [graph.Node("Add", $"layer{index}_masked_scores", [scaled, mask])], Int("axis", -1));
        var context = graph.Node("MatMul", $"layer{index}_context", [probabilities, value]);
        var merged = graph.Node("Reshape", $"layer{index}_context_merged",
            [graph.Node("Transpose", $"layer{index}_context_t", [context], Ints("perm", 0, 2, 1, 3)), graph.Int64s([0, 0, config.HiddenSize])]);

        var attention = ResidualNorm(Linear(merged, p + "attention.output.dense"), hidden, p + "attention.output.LayerNorm");
        var intermediate = Activation(Linear(attention, p + "intermediate.dense"), $"layer{index}_activation");
        return ResidualNorm(Linear(intermediate, p + "output.dense"), attention, p + "output.LayerNorm");
    }

    private string ResidualNorm(string branch, string residual, string name) =>
        LayerNorm(graph.Node("Add", name + "_residual", [branch, residual]), name);

    private string Activation(string x, string name)
    {
        switch (config.HiddenAct)
        {
            case HiddenActivation.Gelu:
            {
                // x · ½ · (1 + erf(x / √2)), GELU as torch.onnx writes it.
                var erf = graph.Node("Erf", name + "_erf", [graph.Node("Div", name + "_scaled", [x, graph.Scalar(MathF.Sqrt(2f))])]);
                var gate = graph.Node("Add", name + "_gate", [erf, graph.Scalar(1f)]);
                return graph.Node("Mul", name, [graph.Node("Mul", name + "_gated", [x, gate]), graph.Scalar(0.5f)]);
            }
            case HiddenActivation.GeluTanh:
            {
                // ½ · x · (1 + tanh(√(2/π) · (x + 0.044715 · x³))).
                var cube = graph.Node("Pow", name + "_cube", [x, graph.Scalar(3f)]);
                var inner = graph.Node("Add", name + "_inner", [x, graph.Node("Mul", name + "_cubic_term", [cube, graph.Scalar(0.044715f)])]);
                var tanh = graph.Node("Tanh", name + "_tanh", [graph.Node("Mul", name + "_scaled", [inner, graph.Scalar(MathF.Sqrt(2f / MathF.PI))])]);
                var gate = graph.Node("Add", name + "_gate", [tanh, graph.Scalar(1f)]);
                return graph.Node("Mul", name, [graph.Node("Mul", name + "_gated", [x, gate]), graph.Scalar(0.5f)]);
            }
            case HiddenActivation.Relu:
                return graph.Node("Relu", name, [x]);
            default:
                throw new CheckpointException($"cannot export hidden_act {config.HiddenAct}");
        }
    }

    // ---------------------------------------------------------------- pooler and heads

    private string Pooler(string hidden)
    {
        var first = graph.Node("Gather", "first_token", [hidden, graph.Int64s([0], scalar: true)], Int("axis", 1));
        return graph.Node("Tanh", "pooler_tanh", [PooledLinear(first, "pooler.dense")]);
    }

    private string MaskedLmLogits(string hidden)
    {
        var transformed = Activation(Linear(hidden, "cls.predictions.transform.dense"), "cls_transform_activation");
        var normed = LayerNorm(transformed, "cls.predictions.transform.LayerNorm");
        // The decoder is the word embeddings (tied, as Hugging Face ties them): read through a Transpose, not stored twice.
        var decoder = graph.Node("Transpose", "cls_decoder_weight", [Weight("embeddings.word_embeddings.weight", reuse: true)], Ints("perm", 1, 0));
        var logits = graph.Node("MatMul", "cls_decoder", [normed, decoder]);
        return graph.Node("Add", "cls_prediction_logits", [logits, Weight("cls.predictions.bias")]);
    }

    /// <summary>A dense layer on a [..., in] sequence: MatMul by the [in, out] transpose, then Add of the bias.</summary>
    private string Linear(string x, string name)
    {
        var product = graph.Node("MatMul", name + "_matmul", [x, Weight(name + ".weight", transpose: true)]);
        return graph.Node("Add", name + "_add", [product, Weight(name + ".bias")]);
    }

    /// <summary>A dense layer on [batch, in] vectors: Gemm with the [out, in] weight as stored (transB = 1).</summary>
    private string PooledLinear(string x, string name) =>
        graph.Node("Gemm", name + "_gemm", [x, Weight(name + ".weight"), Weight(name + ".bias")], Int("transB", 1));

    private string LayerNorm(string x, string name) =>
        graph.Node("LayerNormalization", name + "_norm", [x, Weight(name + ".weight"), Weight(name + ".bias")],
            Int("axis", -1), FloatAttribute("epsilon", (float)config.LayerNormEps));

    private readonly Dictionary<string, string> written = new(StringComparer.Ordinal);

    /// <summary>The initializer of Hugging Face tensor <paramref name="name"/> (encoder names without the prefix).</summary>
    private string Weight(string name, bool transpose = false, bool reuse = false)
    {
        var full = IsEncoder(name) ? prefix + name : name;
        var key = transpose ? full + ".T" : full;
        if (written.TryGetValue(key, out var existing))
        {
            if (!reuse)
                throw new InvalidOperationException($"the export writes '{key}' twice");
            return existing;
        }
        using var tensor = weights.Take(full);
        return written[key] = graph.Weight(key, tensor, transpose);
    }

    private static bool IsEncoder(string name) =>
        name.StartsWith("embeddings.", StringComparison.Ordinal) || name.StartsWith("encoder.", StringComparison.Ordinal) || name.StartsWith("pooler.", StringComparison.Ordinal);
}
