using static TorchSharp.torch;

namespace BertGen.Modeling;

/// <summary>A generated BERT model: a TorchSharp module built from a <see cref="BertConfig"/>.</summary>
public interface IBertModel
{
    /// <summary>The configuration the model was built with.</summary>
    BertConfig Config { get; }
}

/// <summary>
/// What the generator implements for each [BertModel] class, so that runtime code (checkpoint loading,
/// training) can build and load any declared model without reflection.
/// </summary>
public interface IBertModel<TSelf> : IBertModel where TSelf : nn.Module, IBertModel<TSelf>
{
    /// <summary>What the class declares.</summary>
    static abstract BertDeclaration Declaration { get; }

    /// <summary>Builds the model from <paramref name="config"/> with freshly initialised weights.</summary>
    static abstract TSelf Create(BertConfig config);
}
