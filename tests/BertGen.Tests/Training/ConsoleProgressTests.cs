using BertGen.Training;
using Spectre.Console;

namespace BertGen.Tests.Training;

/// <summary>Messages reach the terminal once, while progress bars redraw around them.</summary>
public sealed class ConsoleProgressTests
{
    [Fact]
    public void Each_message_is_written_once_on_an_interactive_terminal()
    {
        var terminal = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.Yes, Interactive = InteractionSupport.Yes, ColorSystem = ColorSystemSupport.NoColors, Out = new AnsiConsoleOutput(terminal),
        });

        ConsoleProgress.Run(progress =>
        {
            progress.Message("Data: 180 training and 20 validation examples");
            progress.Message("Model: 2 layers, hidden 128, 2 heads, 4,386,178 parameters");
            progress.EpochStarted(1, 1, 3);
            for (int batch = 1; batch <= 3; batch++)
            {
                progress.TrainingBatchDone(1, batch, 0.7, 100);
                Thread.Sleep(120);
            }
            return 0;
        }, console);

        var output = terminal.ToString();
        Assert.Equal(1, Count(output, "Model: 2 layers"));
        Assert.Equal(1, Count(output, "Data: 180 training"));
    }

    private static int Count(string text, string part)
    {
        int count = 0;
        for (int at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + 1, StringComparison.Ordinal))
            count++;
        return count;
    }
}
