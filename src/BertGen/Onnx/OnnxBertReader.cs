using BertGen.Checkpoints;
using BertGen.Modeling;
using Onnx;

namespace BertGen.Onnx;

/// <summary>
/// Recovers a Hugging Face BERT state dict and configuration from an ONNX graph by walking it: the
/// embeddings' three lookups and their LayerNorm, then layer by layer the attention (query, key and value
/// told apart by where they enter the score and context products), the residual LayerNorms, the
/// feed-forward pair and its activation, then the pooler and the head. Names in the file are never
/// trusted for structure; anything the walk does not account for is an error naming it.
/// </summary>
internal sealed class OnnxBertReader
{
    private static readonly HashSet<string> KnownOps =
    [
        "Constant", "Identity", "Cast", "Shape", "Gather", "Unsqueeze", "Squeeze", "Reshape", "Transpose", "Concat", "Slice",
        "Flatten", "Range", "Expand", "ConstantOfShape", "Equal", "Where", "Not", "Less", "Greater", "Neg", "Split", "Dropout",
        "Add", "Sub", "Mul", "Div", "Pow", "Sqrt", "Reciprocal", "Erf", "Tanh", "Relu", "Gelu", "Softmax", "MatMul", "Gemm",
        "ReduceMean", "LayerNormalization",
    ];

    private readonly OnnxGraph graph;
    private readonly OnnxImportOptions options;
    private readonly List<LinearMatch> linears;
    private readonly List<LayerNormMatch> norms;
    private readonly Dictionary<string, (string Constant, bool Transpose)> names = new(StringComparer.Ordinal);
    private readonly HashSet<string> used = new(StringComparer.Ordinal);

    private OnnxBertReader(OnnxGraph graph, OnnxImportOptions options)
    {
        this.graph = graph;
        this.options = options;
        RejectUnknownOps();
        linears = OnnxPatterns.Linears(graph);
        norms = OnnxPatterns.LayerNorms(graph);
    }

    public static ImportedBert Read(string path, OnnxImportOptions options)
    {
        var graph = OnnxGraph.Load(path);
        return new OnnxBertReader(graph, options).Read();
    }

    private ImportedBert Read()
    {
        var embeddings = ReadEmbeddings(out var embeddingNorm);
        var hidden = embeddingNorm.Output;
        var layers = new List<Layer>();
        while (ReadLayer(layers.Count, hidden) is { } layer)
        {
            layers.Add(layer);
            hidden = layer.Output;
        }
        if (layers.Count == 0)
            throw Error($"found no attention layer after the embeddings' LayerNorm (value '{embeddingNorm.Output}')");
        var pooled = ReadPooler(hidden);
        var architecture = ReadHead(hidden, pooled, out var numLabels);

        if (layers.Select(l => l.Heads).Distinct().Count() > 1)
            throw Error($"the layers have different numbers of attention heads ({string.Join(", ", layers.Select(l => l.Heads))}); a BERT config has one");
        if (layers.Select(l => l.Activation).Distinct().Count() > 1)
            throw Error($"the layers use different activations ({string.Join(", ", layers.Select(l => BertConfigJson.ActivationName(l.Activation)))}); a BERT config has one");
        var epsilon = CommonEpsilon();
        CheckEverythingMapped();

        var recorded = RecordedConfig();
        var config = new BertConfig
        {
            NumHiddenLayers = layers.Count,
            NumAttentionHeads = layers[0].Heads,
            HiddenSize = embeddings.Hidden,
            IntermediateSize = layers[0].Intermediate,
            VocabSize = embeddings.Vocabulary,
            MaxPositionEmbeddings = embeddings.Positions,
            TypeVocabSize = embeddings.Segments,
            HiddenAct = layers[0].Activation,
            LayerNormEps = epsilon,
            NumLabels = numLabels,
            LabelNames = options.LabelNames ?? (recorded?.NumLabels == numLabels ? recorded.LabelNames : null),
            ProblemType = recorded?.NumLabels == numLabels ? recorded.ProblemType : null,
            Architecture = architecture,
        };
        config.Validate(graph.Path);
        var prefix = architecture == "BertModel" ? "" : "bert.";
        var tensors = new Dictionary<string, TorchSharp.torch.Tensor>(StringComparer.Ordinal);
        try
        {
            foreach (var (name, (constant, transpose)) in names)
            {
                var value = OnnxTensors.ToTorch(graph.Constant(constant)!, graph);
                if (transpose)
                {
                    using var stored = value;
                    using var transposed = stored.t();
                    value = transposed.contiguous();
                }
                tensors[IsEncoderName(name) ? prefix + name : name] = value;
            }
        }
        catch
        {
            foreach (var tensor in tensors.Values) tensor.Dispose();
            throw;
        }
        return new ImportedBert(graph.Path, config, tensors);
    }

    /// <summary>
    /// The <c>config.json</c> a BertGen export records in the graph's metadata, for what the graph cannot show
    /// (label names, the problem type); null when the graph has none. Sizes always come from the graph.
    /// </summary>
    private BertConfig? RecordedConfig()
    {
        var entry = graph.Model.MetadataProps.FirstOrDefault(p => p.Key == OnnxExport.ConfigMetadataKey);
        return entry is null ? null : BertConfigJson.Parse(entry.Value, $"{graph.Path} (metadata '{OnnxExport.ConfigMetadataKey}')");
    }

    private static bool IsEncoderName(string name) =>
        name.StartsWith("embeddings.", StringComparison.Ordinal) || name.StartsWith("encoder.", StringComparison.Ordinal) || name.StartsWith("pooler.", StringComparison.Ordinal);

    // ---------------------------------------------------------------- embeddings

    private (int Vocabulary, int Hidden, int Positions, int Segments) ReadEmbeddings(out LayerNormMatch norm)
    {
        string? word = null, position = null, segment = null;
        var lookups = new HashSet<string>(StringComparer.Ordinal);
        foreach (var gather in graph.Nodes.Where(n => n.OpType == "Gather" && graph.Constant(n.Input[0]) is { Dims.Count: 2 } table && OnnxTensors.IsFloat(table)))
        {
            var role = LookupRole(gather);
            ref var slot = ref (role == "word" ? ref word : ref (role == "position" ? ref position : ref segment));
            if (slot is not null)
                throw Error($"{OnnxGraph.Describe(gather)} is a second {role} embedding lookup (the first reads '{slot}')");
            slot = gather.Input[0];
            lookups.Add(gather.Output[0]);
        }
        if (word is null) throw Error("found no word-embedding lookup (a Gather of a [vocabulary, hidden] table by input_ids)");
        if (position is null) throw Error("found no position-embedding lookup (a Gather by position ids 0, 1, 2, ...)");
        if (segment is null) throw Error("found no token-type-embedding lookup (a Gather by token_type_ids)");

        norm = norms.FirstOrDefault(n => lookups.SetEquals(AddLeaves(n.Input)))
            ?? throw Error("found no LayerNorm over the sum of the word, position and token-type embeddings");
        Map("embeddings.word_embeddings.weight", word);
        Map("embeddings.position_embeddings.weight", position);
        Map("embeddings.token_type_embeddings.weight", segment);
        MapNorm("embeddings.LayerNorm", norm);
        var wordShape = graph.Constant(word)!.Dims;
        var hidden = (int)wordShape[1];
        foreach (var table in new[] { position, segment })
        {
            if (graph.Constant(table)!.Dims[1] != hidden)
                throw Error($"embedding table '{table}' has shape {OnnxTensors.Shape(graph.Constant(table)!)}; expected width {hidden} like the word embeddings");
        }
        return ((int)wordShape[0], hidden, (int)graph.Constant(position)!.Dims[0], (int)graph.Constant(segment)!.Dims[0]);
    }

    /// <summary>Which embedding a lookup is, from where its indices come: a graph input, or constant positions.</summary>
    private string LookupRole(NodeProto gather)
    {
        var indices = gather.Input[1];
        while (graph.Producer(indices) is { OpType: "Reshape" or "Flatten" or "Cast" or "Squeeze" or "Unsqueeze" or "Identity" or "Expand" or "Slice" } step)
        {
            if (step.OpType == "Slice")
                CheckSliceFromStart(step, gather);
            indices = step.Input[0];
        }
        switch (indices)
        {
            case "input_ids": return "word";
            case "token_type_ids": return "segment";
            case "position_ids": return "position";
        }
        long[]? values = graph.Integers(indices);
        if (values is null && graph.Producer(indices) is { OpType: "Range" } range)
        {
            if (graph.Integers(range.Input[0]) is not [0] || graph.Integers(range.Input[2]) is not [1])
                throw Error($"{OnnxGraph.Describe(range)} makes the positions of {OnnxGraph.Describe(gather)} but does not count 0, 1, 2, ...");
            return "position";
        }
        if (values is null)
            throw Error($"cannot tell which embedding {OnnxGraph.Describe(gather)} looks up: its indices come from '{indices}', not from input_ids, token_type_ids or constant positions (graph inputs: {string.Join(", ", graph.Model.Graph.Input.Select(i => i.Name))})");
        used.Add(indices);
        if (values.All(v => v == 0))
            return "segment";
        var shape = graph.Constant(indices)!.Dims;
        var width = shape.Count == 0 ? 1 : shape[^1];
        for (int i = 0; i < values.Length; i++)
        {
            if (values[i] != i % width)
                throw Error($"the position ids '{indices}' of {OnnxGraph.Describe(gather)} are not 0, 1, 2, ... (entry {i} is {values[i]})");
        }
        return "position";
    }

    private void CheckSliceFromStart(NodeProto slice, NodeProto gather)
    {
        // Opset 10+: starts, ends, axes, steps are inputs; before, attributes.
        var starts = slice.Input.Count > 1 ? graph.Integers(slice.Input[1]) : OnnxGraph.Attribute(slice, "starts")?.Ints.ToArray();
        var steps = slice.Input.Count > 4 ? graph.Integers(slice.Input[4]) : null;
        if (starts is null || starts.Any(s => s != 0) || (steps is not null && steps.Any(s => s != 1)))
            throw Error($"{OnnxGraph.Describe(slice)} takes the position ids of {OnnxGraph.Describe(gather)} from other than the start; positions must be 0, 1, 2, ...");
    }

    /// <summary>The values summed by a tree of Add nodes rooted at <paramref name="value"/>.</summary>
    private IEnumerable<string> AddLeaves(string value)
    {
        if (graph.Producer(value) is { OpType: "Add" } add && add.Input.All(i => !graph.IsConstant(i)))
            return add.Input.SelectMany(AddLeaves);
        return [value];
    }

    // ---------------------------------------------------------------- encoder layers

    private sealed record Layer(string Output, int Heads, HiddenActivation Activation, int Intermediate);

    private Layer? ReadLayer(int index, string hidden)
    {
        var candidates = linears.Where(l => l.Input == hidden).ToList();
        if (candidates.Count < 3)
            return null;
        var byOutput = candidates.ToDictionary(l => l.Output, StringComparer.Ordinal);
        NodeProto? scores = null;
        Trace query = default, key = default;
        foreach (var node in graph.Nodes.Where(n => n.OpType == "MatMul" && !n.Input.Any(graph.IsConstant)))
        {
            var left = Source(node.Input[0]);
            var right = Source(node.Input[1]);
            if (byOutput.ContainsKey(left.Value) && byOutput.ContainsKey(right.Value))
            {
                (scores, query, key) = (node, left, right);
                break;
            }
        }
        if (scores is null)
            return null;
        var p = $"encoder.layer.{index}.";

        var context = graph.Nodes.FirstOrDefault(n => n.OpType == "MatMul" && graph.Order(n) > graph.Order(scores)
                && byOutput.ContainsKey(Source(n.Input[1]).Value) && graph.Producer(Source(n.Input[0]).Value)?.OpType == "Softmax")
            ?? throw Error($"layer {index}: found the attention scores ({OnnxGraph.Describe(scores)}) but no softmax-weighted product with the values");
        var value = Source(context.Input[1]);
        var q = byOutput[query.Value];
        var k = byOutput[key.Value];
        var v = byOutput[value.Value];
        if (q == k || q == v || k == v)
            throw Error($"layer {index}: query, key and value are not three different dense layers");

        var (heads, headSize) = Heads(index, query, q);
        var scale = query.Scale * key.Scale * ScaleAfter(scores);
        var expected = 1 / Math.Sqrt(headSize);
        if (Math.Abs(scale - expected) > 1e-4 * expected)
            throw Error($"layer {index}: attention scores are scaled by {scale:G6}; BERT scales by 1/sqrt(head size {headSize}) = {expected:G6}");

        var attentionOutput = linears.FirstOrDefault(l => Source(l.Input).Value == context.Output[0])
            ?? throw Error($"layer {index}: found no dense layer after the attention context ({OnnxGraph.Describe(context)})");
        var attentionNorm = ResidualNorm(attentionOutput.Output, hidden)
            ?? throw Error($"layer {index}: found no LayerNorm of the attention output plus the layer's input");
        var intermediate = linears.SingleOrDefault(l => l.Input == attentionNorm.Output)
            ?? throw Error($"layer {index}: found no single feed-forward dense layer after the attention's LayerNorm ('{attentionNorm.Output}')");
        var (output, outputNorm) = linears
            .Select(l => (Linear: l, Norm: l == intermediate ? null : ResidualNorm(l.Output, attentionNorm.Output)))
            .FirstOrDefault(pair => pair.Norm is not null);
        if (output is null || outputNorm is null)
            throw Error($"layer {index}: found no output dense layer and LayerNorm closing the feed-forward block");
        var activation = Activation($"layer {index}", output.Input, intermediate.Output);

        MapLinear(p + "attention.self.query", q);
        MapLinear(p + "attention.self.key", k);
        MapLinear(p + "attention.self.value", v);
        MapLinear(p + "attention.output.dense", attentionOutput);
        MapNorm(p + "attention.output.LayerNorm", attentionNorm);
        MapLinear(p + "intermediate.dense", intermediate);
        MapLinear(p + "output.dense", output);
        MapNorm(p + "output.LayerNorm", outputNorm);
        return new Layer(outputNorm.Output, heads, activation, intermediate.OutFeatures(graph));
    }

    private (int Heads, int HeadSize) Heads(int index, Trace query, LinearMatch q)
    {
        var hidden = q.OutFeatures(graph);
        if (query.Reshape is not { } reshape)
            throw Error($"layer {index}: the query is not reshaped into heads before the attention scores");
        long[] shape;
        if (graph.Integers(reshape.Input[1]) is { } constant)
            shape = constant;
        else if (graph.Producer(reshape.Input[1]) is { OpType: "Concat" } concat)
            shape = concat.Input.Select(i => graph.Integers(i) is [var single] ? single : -1).ToArray();
        else
            throw Error($"layer {index}: cannot read the number of heads from {OnnxGraph.Describe(reshape)}: its shape is neither constant nor a Concat");
        if (shape.Length < 2 || shape[^1] <= 0)
            throw Error($"layer {index}: {OnnxGraph.Describe(reshape)} does not split the query into heads of a constant size (shape [{string.Join(", ", shape)}])");
        var headSize = (int)shape[^1];
        var heads = shape[^2] > 0 ? (int)shape[^2] : hidden / headSize;
        if (heads * headSize != hidden)
            throw Error($"layer {index}: {heads} heads of size {headSize} do not make the hidden size {hidden}");
        return (heads, headSize);
    }

    private double ScaleAfter(NodeProto scores)
    {
        double scale = 1;
        var value = scores.Output[0];
        while (graph.Consumers(value) is [var step] && ScalarScaling(step) is ({ } data, var factor) && data == value)
        {
            scale *= factor;
            value = step.Output[0];
        }
        return scale;
    }

    private LayerNormMatch? ResidualNorm(string branch, string residual) =>
        norms.FirstOrDefault(n => graph.Producer(n.Input) is { OpType: "Add" } add && add.Input.Count == 2 &&
            ((add.Input[0] == branch && add.Input[1] == residual) || (add.Input[1] == branch && add.Input[0] == residual)));

    private HiddenActivation Activation(string where, string input, string from)
    {
        var ops = new List<NodeProto>();
        var pending = new Stack<string>([input]);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (pending.TryPop(out var value))
        {
            if (value == from || graph.IsConstant(value) || !seen.Add(value))
                continue;
            var producer = graph.Producer(value);
            if (producer is null || ops.Count > 32)
                throw Error($"{where}: the activation does not lead back to the dense layer before it ('{from}')");
            ops.Add(producer);
            foreach (var i in producer.Input) pending.Push(i);
        }
        var types = ops.Select(o => o.OpType).ToHashSet();
        if (ops.FirstOrDefault(o => o.OpType == "Gelu") is { } gelu)
            return OnnxGraph.Attribute(gelu, "approximate")?.S.ToStringUtf8() == "tanh" ? HiddenActivation.GeluTanh : HiddenActivation.Gelu;
        if (types.Contains("Erf")) return HiddenActivation.Gelu;
        if (types.Contains("Tanh")) return HiddenActivation.GeluTanh;
        if (types.SetEquals(["Relu"])) return HiddenActivation.Relu;
        throw Error($"{where}: the activation is made of {(types.Count == 0 ? "nothing" : string.Join(", ", types.Order()))}; BertGen knows gelu (Erf), gelu_new (Tanh) and relu");
    }

    // ---------------------------------------------------------------- pooler and heads

    private string? ReadPooler(string hidden)
    {
        foreach (var linear in linears.Where(l => FirstToken(l.Input) == hidden))
        {
            if (graph.Consumers(linear.Output) is [{ OpType: "Tanh" } tanh])
            {
                MapLinear("pooler.dense", linear);
                return tanh.Output[0];
            }
        }
        return null;
    }

    /// <summary>The sequence a value takes the first token of (<c>x[:, 0]</c> as Gather or Slice), or null.</summary>
    private string? FirstToken(string value)
    {
        while (graph.Producer(value) is { OpType: "Squeeze" or "Reshape" or "Flatten" or "Identity" } step)
            value = step.Input[0];
        return graph.Producer(value) switch
        {
            { OpType: "Gather" } g when OnnxPatterns.Int(g, "axis", 0) == 1 && graph.Integers(g.Input[1]) is [0] => g.Input[0],
            { OpType: "Slice" } s when s.Input.Count >= 4 && graph.Integers(s.Input[1]) is [0] && graph.Integers(s.Input[2]) is [1] && graph.Integers(s.Input[3]) is [1] => s.Input[0],
            _ => null,
        };
    }

    private string ReadHead(string hidden, string? pooled, out int numLabels)
    {
        numLabels = 2;
        var onPooled = pooled is null ? [] : linears.Where(l => Source(l.Input).Value == pooled).ToList();
        var onSequence = linears.Where(l => l.Input == hidden).ToList();
        if (onPooled.Count + onSequence.Count > 2 || onPooled.Count > 1)
            throw Error($"found {onPooled.Count + onSequence.Count} dense layers after the encoder; a BERT head has at most two");

        bool maskedLm = false;
        foreach (var linear in onSequence.ToList())
        {
            if (ReadMaskedLmHead(linear))
            {
                maskedLm = true;
                onSequence.Remove(linear);
            }
        }
        if (onSequence.Count > 1)
            throw Error($"found {onSequence.Count} dense layers reading the encoder's output; a BERT head has one");

        if (onPooled is [var pooledHead])
        {
            numLabels = pooledHead.OutFeatures(graph);
            var nextSentence = maskedLm || (pooledHead.Bias?.Contains("seq_relationship", StringComparison.Ordinal) ?? false)
                || options.Architecture == "BertForNextSentencePrediction";
            if (RankOf("input_ids") == 3)
            {
                MapLinear("classifier", pooledHead);
                return "BertForMultipleChoice";
            }
            MapLinear(nextSentence ? "cls.seq_relationship" : "classifier", pooledHead);
            return maskedLm ? "BertForPreTraining" : nextSentence ? "BertForNextSentencePrediction" : "BertForSequenceClassification";
        }
        if (maskedLm)
            return onSequence.Count == 0 ? "BertForMaskedLM" : throw Error("found a masked-LM head beside another head on the encoder's output");
        if (onSequence is [var sequenceHead])
        {
            numLabels = sequenceHead.OutFeatures(graph);
            var split = graph.Consumers(sequenceHead.Output).Any(n => n.OpType is "Split" or "Slice" or "Gather");
            if (split && numLabels == 2 && options.Architecture != "BertForTokenClassification")
            {
                MapLinear("qa_outputs", sequenceHead);
                return "BertForQuestionAnswering";
            }
            MapLinear("classifier", sequenceHead);
            return "BertForTokenClassification";
        }
        return "BertModel";
    }

    /// <summary>The masked-LM head: dense, activation, LayerNorm, then the decoder tied to the word embeddings plus a bias.</summary>
    private bool ReadMaskedLmHead(LinearMatch transform)
    {
        var norm = norms.FirstOrDefault(n => graph.Order(n.Last) > graph.Order(transform.Last) && Reaches(n.Input, transform.Output, 8));
        if (norm is null)
            return false;
        var word = names["embeddings.word_embeddings.weight"].Constant;
        var decoder = graph.Consumers(norm.Output).FirstOrDefault(n => n.OpType is "MatMul" or "Gemm")
            ?? throw Error($"the masked-LM head's LayerNorm ('{norm.Output}') feeds no decoder");
        string? bias;
        if (decoder.OpType == "Gemm")
        {
            if (decoder.Input[1] != word || OnnxPatterns.Int(decoder, "transB", 0) != 1)
                CheckTied(decoder.Input[1], word, OnnxPatterns.Int(decoder, "transB", 0) == 1);
            bias = decoder.Input.Count > 2 ? decoder.Input[2] : null;
        }
        else
        {
            var weight = decoder.Input[1];
            // Tied as exported without constant folding: a Transpose of the word embeddings themselves.
            bool transposedWord = graph.Producer(weight) is { OpType: "Transpose" } transpose && transpose.Input[0] == word;
            if (!transposedWord)
                CheckTied(weight, word, transposed: false);
            bias = graph.Consumers(decoder.Output[0]) is [{ OpType: "Add" } add] ? add.Input.FirstOrDefault(graph.IsConstant) : null;
        }
        if (bias is null)
            throw Error($"the masked-LM decoder ({OnnxGraph.Describe(decoder)}) has no bias");
        // The transform's activation is BERT's hidden_act; it must be one BertGen knows.
        Activation("the masked-LM head", norm.Input, transform.Output);
        MapLinear("cls.predictions.transform.dense", transform);
        MapNorm("cls.predictions.transform.LayerNorm", norm);
        Map("cls.predictions.bias", bias);
        return true;
    }

    /// <summary>The decoder must be the word embeddings (Hugging Face ties them); a folded copy is compared value by value.</summary>
    private void CheckTied(string weight, string word, bool transposed)
    {
        if (graph.Constant(weight) is not { } decoder)
            throw Error($"the masked-LM decoder's weight '{weight}' is neither the word embeddings nor a constant");
        using var wordValues = OnnxTensors.ToTorch(graph.Constant(word)!, graph);
        using var decoderValues = OnnxTensors.ToTorch(decoder, graph);
        using var asWord = transposed ? decoderValues.alias() : decoderValues.t();
        if (!asWord.shape.SequenceEqual(wordValues.shape) || !asWord.allclose(wordValues, rtol: 0, atol: 0))
            throw Error($"the masked-LM decoder's weight '{weight}' differs from the word embeddings '{word}'; BertGen ties the two, as BERT does");
        used.Add(weight);
    }

    private bool Reaches(string value, string target, int depth)
    {
        if (value == target) return true;
        if (depth == 0 || graph.Producer(value) is not { } producer) return false;
        return producer.Input.Any(i => !graph.IsConstant(i) && Reaches(i, target, depth - 1));
    }

    private int RankOf(string input) =>
        graph.Model.Graph.Input.FirstOrDefault(i => i.Name == input)?.Type?.TensorType?.Shape?.Dim.Count ?? 2;

    // ---------------------------------------------------------------- bookkeeping

    /// <summary>Where a value comes from through reshapes, transposes and constant scalings, and the scale picked up.</summary>
    private readonly record struct Trace(string Value, double Scale, NodeProto? Reshape);

    private Trace Source(string value)
    {
        double scale = 1;
        NodeProto? reshape = null;
        while (graph.Producer(value) is { } node)
        {
            if (node.OpType is "Reshape" or "Transpose" or "Squeeze" or "Unsqueeze" or "Flatten" or "Identity" or "Cast" or "Dropout")
            {
                if (node.OpType == "Reshape") reshape = node;
                value = node.Input[0];
            }
            else if (ScalarScaling(node) is ({ } data, var factor))
            {
                scale *= factor;
                value = data;
            }
            else
                break;
        }
        return new Trace(value, scale, reshape);
    }

    /// <summary>A division or multiplication of a value by a constant scalar: the value, and the factor it is multiplied by.</summary>
    private (string? Data, double Factor) ScalarScaling(NodeProto node)
    {
        // x / c scales x; c / x does not, so a division counts only with the constant second.
        if (node.OpType == "Div")
            return node.Input.Count == 2 && graph.Scalar(node.Input[1]) is { } divisor ? (node.Input[0], 1 / divisor) : (null, 1);
        if (node.OpType == "Mul" && OnnxPatterns.Split(node, v => graph.Scalar(v) is not null) is ({ } data, { } constant))
            return (data, graph.Scalar(constant)!.Value);
        return (null, 1);
    }

    private void Map(string name, string constant, bool transpose = false)
    {
        if (!graph.IsConstant(constant))
            throw Error($"'{constant}' ({name}) is not an initializer or constant");
        if (names.TryGetValue(name, out var existing) && existing.Constant != constant)
            throw Error($"two tensors, '{existing.Constant}' and '{constant}', both look like {name}");
        names[name] = (constant, transpose);
        used.Add(constant);
    }

    private void MapLinear(string name, LinearMatch linear)
    {
        if (linear.Bias is null)
            throw Error($"the dense layer {name} ({OnnxGraph.Describe(linear.First)}) has no bias; BERT's have");
        Map(name + ".weight", linear.Weight, linear.TransposeWeight);
        Map(name + ".bias", linear.Bias);
    }

    private void MapNorm(string name, LayerNormMatch norm)
    {
        Map(name + ".weight", norm.Weight);
        Map(name + ".bias", norm.Bias);
    }

    private double CommonEpsilon()
    {
        var mapped = norms.Where(n => used.Contains(n.Weight)).ToList();
        // ONNX stores the epsilon in float32: 1e-12 arrives as 9.9999998e-13. Read it back at float32 precision.
        var epsilons = mapped.Select(n => double.Parse(((float)n.Epsilon).ToString("R", System.Globalization.CultureInfo.InvariantCulture), System.Globalization.CultureInfo.InvariantCulture)).Distinct().ToList();
        if (epsilons.Count > 1)
            throw Error($"the LayerNorms use different epsilons ({string.Join(", ", epsilons)}); a BERT config has one layer_norm_eps");
        return epsilons[0];
    }

    private void CheckEverythingMapped()
    {
        var unmapped = graph.Initializers
            .Where(t => OnnxTensors.IsFloat(t) && OnnxTensors.ElementCount(t) > 1 && !used.Contains(t.Name))
            .Select(t => $"'{t.Name}' {OnnxTensors.Shape(t)}")
            .ToList();
        unmapped.AddRange(graph.Nodes
            .Where(n => n.OpType == "Constant" && graph.Constant(n.Output[0]) is { } t && OnnxTensors.IsFloat(t) && OnnxTensors.ElementCount(t) > 1 && !used.Contains(n.Output[0]))
            .Select(n => $"constant '{n.Output[0]}' {OnnxTensors.Shape(graph.Constant(n.Output[0])!)}"));
        if (unmapped.Count > 0)
            throw Error($"weights the BERT structure does not account for: {string.Join(", ", unmapped.Take(8))}{(unmapped.Count > 8 ? $" and {unmapped.Count - 8} more" : "")}; the graph has parts BertGen cannot import");
    }

    private void RejectUnknownOps()
    {
        foreach (var node in graph.Nodes)
        {
            if (node.Domain is not ("" or "ai.onnx"))
                throw Error($"{OnnxGraph.Describe(node)} is an operator of domain '{node.Domain}' (ONNX Runtime's fused transformer operators look like this); import the graph as exported, before graph optimisation");
            if (!KnownOps.Contains(node.OpType))
                throw Error($"{OnnxGraph.Describe(node)}: operator {node.OpType} is not part of a BERT encoder as BertGen reads it");
        }
    }

    private CheckpointException Error(string message) => new($"{graph.Path}: {message}");
}
