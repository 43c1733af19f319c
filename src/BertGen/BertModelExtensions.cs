using BertGen.Checkpoints;
using BertGen.Modeling;
using static TorchSharp.torch;

namespace BertGen;

/// <summary>Checkpoint operations on every generated model.</summary>
public static class BertModelExtensions
{
    /// <summary>
    /// Saves the model as a Hugging Face model folder (<c>config.json</c>, <c>model.safetensors</c>, and
    /// the tokenizer files when given) that <c>from_pretrained</c> and <c>FromPretrained</c> load.
    /// </summary>
    public static void SavePretrained<TModel>(this TModel model, string folder, ModelFolderOptions? options = null)
        where TModel : nn.Module, IBertModel =>
        ModelFolder.Save(model, model.Config, folder, options);

    /// <summary>Loads weights from a model folder or weights file into this model, which keeps its configuration.</summary>
    public static CheckpointLoadReport LoadWeights<TModel>(this TModel model, string path, CheckpointLoadOptions? options = null)
        where TModel : nn.Module, IBertModel =>
        CheckpointLoader.LoadInto(model, path, options);
}
