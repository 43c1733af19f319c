using System.Collections.Generic;
using BertGen.Generators.Emitting;

namespace BertGen.Generators.Heads;

/// <summary>The heads of BERT's pretraining, all in one <c>cls</c> module: masked LM, next-sentence prediction or both.</summary>
internal abstract class LanguageModelHead : HeadSpec
{
    public override IReadOnlyList<string> MemberNames => PredictsTokens ? ["cls", "PredictsNextSentence", "Pretrain"] : ["cls"];

    protected abstract bool PredictsTokens { get; }

    protected abstract bool PredictsNextSentence { get; }

    public override void EmitFields(SourceWriter w) =>
        w.Line($"private readonly {Names.Modules}.BertPreTrainingHeads cls;");

    public override void EmitModules(SourceWriter w)
    {
        // The masked-LM decoder is tied to the word embeddings, as in Hugging Face.
        var embeddings = PredictsTokens ? "bert.Embeddings.WordEmbeddings" : "wordEmbeddings: null";
        w.Line($"cls = new {Names.Modules}.BertPreTrainingHeads(Config, {embeddings}, nextSentence: {(PredictsNextSentence ? "true" : "false")});");
        w.Line("register_module(\"bert\", bert);");
        w.Line("register_module(\"cls\", cls);");
    }

    /// <summary>Masked-LM heads plug into the pretraining task.</summary>
    public override string? TaskInterface => PredictsTokens ? $"{Names.Modeling}.IPretrainable" : null;

    public override void EmitTaskMembers(SourceWriter w)
    {
        if (!PredictsTokens)
            return;
        w.Line();
        w.Line("/// <summary>Whether <see cref=\"Pretrain\"/> includes next-sentence prediction.</summary>");
        w.Line($"public bool PredictsNextSentence => {(PredictsNextSentence ? "true" : "false")};");
        w.Line();
        w.Line("/// <summary>The pretraining loss, with the vocabulary predicted at the masked positions only (the pretraining task's step).</summary>");
        w.Line($"public {Names.Modeling}.PretrainingOutput Pretrain({Names.Modeling}.BertInputs inputs, {Names.Tensor} labels, {Names.Tensor} nextSentenceLabels) =>");
        w.Line("    cls.Pretrain(bert.forward(inputs), labels, nextSentenceLabels);");
    }
}
