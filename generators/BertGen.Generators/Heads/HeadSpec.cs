using System;
using System.Collections.Generic;
using System.Linq;
using BertGen.Generators.Emitting;
using BertGen.Generators.Model;

namespace BertGen.Generators.Heads;

/// <summary>
/// Everything BertGen knows about one head: the attribute that selects it, the Hugging Face class it loads,
/// the fields its attribute declares, the modules it adds, its forward, and the task interface through
/// which the trainer and the predictors of its task use the generated class. Adding a head is one file: a
/// sealed subclass here (found by <see cref="All"/>), plus its attribute and output type in the runtime.
/// </summary>
internal abstract class HeadSpec
{
    /// <summary>Every head, ordered by attribute name.</summary>
    public static IReadOnlyList<HeadSpec> All { get; } = typeof(HeadSpec).Assembly.GetTypes()
        .Where(type => !type.IsAbstract && typeof(HeadSpec).IsAssignableFrom(type))
        .Select(type => (HeadSpec)Activator.CreateInstance(type))
        .OrderBy(head => head.AttributeName, StringComparer.Ordinal)
        .ToList();

    /// <summary>The attribute's name as written in code, without the Attribute suffix.</summary>
    public abstract string AttributeName { get; }

    /// <summary>The attribute by metadata name.</summary>
    public string AttributeMetadataName => "BertGen." + AttributeName + "Attribute";

    /// <summary>The Hugging Face class whose checkpoints the head loads (<c>architectures</c>).</summary>
    public abstract string Architecture { get; }

    /// <summary>What the summary of the generated class calls the head.</summary>
    public abstract string Description { get; }

    /// <summary>The typed output of the head's forward, a type of BertGen.Modeling.</summary>
    public abstract string OutputType { get; }

    /// <summary>Whether Hugging Face builds this head's encoder with the pooler.</summary>
    public virtual bool HasPooler => true;

    /// <summary>The config fields the head attribute declares (see the field table).</summary>
    public virtual IReadOnlyList<BertConfigField> Fields => Array.Empty<BertConfigField>();

    /// <summary>The task interface the generated class implements, fully qualified; null when its task has none yet.</summary>
    public virtual string? TaskInterface => null;

    /// <summary>The names of the members the head adds (its modules, its task members); the user's class must not use them.</summary>
    public abstract IReadOnlyList<string> MemberNames { get; }

    /// <summary>Declares the head's module fields.</summary>
    public abstract void EmitFields(SourceWriter w);

    /// <summary>Builds and registers the modules in the constructor, after <c>bert</c> is built.</summary>
    public abstract void EmitModules(SourceWriter w);

    /// <summary>Writes the typed <c>Forward</c> (its summary included).</summary>
    public abstract void EmitForward(SourceWriter w, string output);

    /// <summary>Writes the members of <see cref="TaskInterface"/> that <c>Forward</c> does not already provide.</summary>
    public virtual void EmitTaskMembers(SourceWriter w)
    {
    }

    public override string ToString() => AttributeName;

    /// <summary>Checks the (batch, sequence) inputs, opens a dispose scope and runs the encoder into <c>encoded</c>.</summary>
    protected static void EncodeSequences(SourceWriter w)
    {
        w.Line("inputs.EnsureShape(2, \"(batch, sequence)\");");
        w.Line($"using {Names.DisposeScope} scope = {Names.NewDisposeScope};");
        w.Line($"{Names.Modeling}.BertEncoderOutput encoded = bert.forward(inputs);");
    }

    /// <summary>
    /// The forward of the heads that encode, compute one logits expression and an optional loss over
    /// <c>labels</c>; <paramref name="loss"/> is a method of BertLosses with its arguments.
    /// </summary>
    protected static void EmitLogitsForward(SourceWriter w, string output, string summary, string logits, string loss)
    {
        w.Line($"/// <summary>{summary}</summary>");
        w.Open($"public {output} Forward({Names.Modeling}.BertInputs inputs, {Names.Tensor}? labels = null)");
        EncodeSequences(w);
        w.Line($"{Names.Tensor} logits = {logits};");
        w.Line($"{Names.Tensor}? loss = labels is null ? null : {Names.Modeling}.BertLosses.{loss};");
        ReturnWithHiddenStates(w, "loss?.MoveToOuterDisposeScope(), logits.MoveToOuterDisposeScope()");
        w.Close();
    }

    /// <summary>Returns the output from <paramref name="tensors"/> and the encoder's hidden states, out of the scope.</summary>
    protected static void ReturnWithHiddenStates(SourceWriter w, string tensors) =>
        w.Line($"return new({tensors}, {Names.Modeling}.HiddenStates.MoveToOuterDisposeScope(encoded.HiddenStates));");
}
