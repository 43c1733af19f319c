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
// One option for every command: how many threads compute (default: the free cores, followed as the load changes).
var threads = new Option<int?>("--threads")
{
    Description = "Compute threads: a fixed count (default: the cores of this process's affinity and CPU quota that other processes leave free, re-measured every second; BERTGEN_THREADS sets a fixed count too)",
    Recursive = true,
};
threads.Validators.Add(result =>
{
    if (result.GetValueOrDefault<int?>() is < 1 or > 1024)
        result.AddError("--threads must be a count from 1 to 1,024");
});
root.Options.Add(threads);
var parsed = root.Parse(args);
if (parsed.Errors.Count == 0)
{
    try
    {
        if (parsed.GetValue(threads) is { } count)
            CpuThreads.SetFixed(count);
        else
            CpuThreads.ReadEnvironment();
        // This thread's count before libtorch starts its thread pool, as a fixed count would be.
        CpuThreads.Tick();
    }
    catch (ArgumentException e)
    {
        Console.Error.WriteLine($"error: {e.Message}");
        return 1;
    }
}
return await parsed.InvokeAsync();
