using BertGen.Checkpoints;
using BertGen.Data;
using BertGen.Hub;
using BertGen.Modeling;
using BertGen.Tokenization;

namespace BertGen.Cli;

/// <summary>Turns the errors users cause (bad data, bad checkpoints, bad options) into one clear line and exit code 1.</summary>
internal static class CommandErrors
{
    public static async Task<int> Run(Func<Task<int>> command)
    {
        try
        {
            return await command();
        }
        catch (Exception e) when (e is DataException or TokenizerException or HubException or CheckpointException or BertConfigException or ArgumentException or FileNotFoundException or InvalidDataException or InvalidOperationException)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return 1;
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine("Stopped. Run again with --resume to continue from the last completed epoch.");
            return 130;
        }
    }
}
