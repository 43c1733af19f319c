using System.CommandLine;
using BertGen.Cli;

var root = new RootCommand("bertgen: fine-tune, evaluate and run BERT text classifiers (Hugging Face model folders in and out).")
{
    FinetuneCommand.Create(),
    EvaluateCommand.Create(),
    PredictCommand.Create(),
    PretrainCommand.Create(),
    VocabCommand.Create(),
    BenchCommand.Create(),
};
return await root.Parse(args).InvokeAsync();
