using BertGen.Checkpoints;
using BertGen.Modeling;
using BertGen.Tokenization;
using static TorchSharp.torch;

namespace BertGen.Onnx;

/// <summary>
/// Imports BERT encoders exported to ONNX from PyTorch or Hugging Face (the <c>torch.onnx</c> exporter and
/// optimum, opsets 11 to 17, external data files): into a generated model, or into a Hugging Face model
/// folder that every BertGen command reads.
/// </summary>
public static class OnnxImport
{
    /// <summary>Reads the graph at <paramref name="onnxPath"/> and recovers the configuration and the weights.</summary>
    public static ImportedBert Read(string onnxPath, OnnxImportOptions? options = null) =>
        OnnxBertReader.Read(onnxPath, options ?? OnnxImportOptions.Default);

    /// <summary>
    /// Builds <typeparamref name="TModel"/> from the ONNX graph: the configuration the graph implies, checked
    /// against the class's declaration, and the graph's weights, loaded as a checkpoint is (the report says
    /// which parameters came from the file). The model is returned in evaluation mode.
    /// </summary>
    public static (TModel Model, CheckpointLoadReport Report) Load<TModel>(string onnxPath, CheckpointLoadOptions? options = null)
        where TModel : nn.Module, IBertModel<TModel>
    {
        using var imported = Read(onnxPath, new OnnxImportOptions { Architecture = TModel.Declaration.Architecture });
        var config = TModel.Declaration.Bind(imported.Config, onnxPath);
        return ModelFolder.CreateAndLoad<TModel>(config, model => CheckpointLoader.LoadInto(model, imported, options));
    }

    /// <summary>
    /// Converts the ONNX graph to a Hugging Face model folder (<c>config.json</c>, <c>model.safetensors</c>,
    /// and <c>vocab.txt</c> with <c>tokenizer_config.json</c> when <see cref="ModelFolderOptions.VocabularyPath"/>
    /// is given). Returns the configuration written.
    /// </summary>
    public static BertConfig ToFolder(string onnxPath, string folder, ModelFolderOptions? folderOptions = null, OnnxImportOptions? options = null)
    {
        using var imported = Read(onnxPath, options);
        var config = imported.Config;
        // The vocabulary fixes the padding id, which the graph cannot show.
        if (folderOptions?.VocabularyPath is { } vocabulary)
            config = config with { PadTokenId = BertTokenizer.FromVocabulary(vocabulary, folderOptions.LowerCase).PaddingTokenId };
        ModelFolder.Save(imported.NamedTensors(), config, folder, folderOptions);
        return config;
    }
}
