using System.CommandLine;
using BertGen.Cli;
using BertGen.Runtime;

// Under jemalloc when it is installed: less memory and faster training than glibc's malloc (see JemallocRelaunch).
if (JemallocRelaunch.RelaunchIfAvailable(args) is { } exitCode)
    return exitCode;

var root = new RootCommand("bertgen: fine-tune, evaluate and run BERT text classifiers (Hugging Face model folders in and out).")
{
    FinetuneCommand.Create(),
    EvaluateCommand.Create(),
    PredictCommand.Create(),
    PretrainCommand.Create(),
    VocabCommand.Create(),
    ImportCommand.Create(),
    ExportCommand.Create(),
    EmbedCommand.Create(),
    BenchCommand.Create(),
};
return await root.Parse(args).InvokeAsync();
