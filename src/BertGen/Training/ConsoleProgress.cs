using System.Diagnostics;
using System.Globalization;
using Spectre.Console;

namespace BertGen.Training;

/// <summary>
/// Training progress on the console: Spectre.Console progress bars with rate and time remaining on a
/// terminal, plain log lines when the output is redirected (CI, files), and a table row per epoch.
/// </summary>
public static class ConsoleProgress
{
    /// <summary>Runs <paramref name="work"/> with a progress reporter suited to the console it writes to.</summary>
    public static T Run<T>(Func<ITrainingProgress, T> work, IAnsiConsole? console = null)
    {
        console ??= AnsiConsole.Console;
        if (!console.Profile.Capabilities.Interactive)
            return work(new LogReporter(console));
        T result = default!;
        console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .Start(context => result = work(new BarReporter(console, context)));
        return result;
    }

    internal static void PrintEpoch(IAnsiConsole console, IEpochSummary summary, bool best)
    {
        var figures = summary.Figures().Where(f => f.InTable).ToList();
        var table = new Table().Border(TableBorder.Rounded).Title($"epoch {summary.Epoch}{(best ? " (best so far)" : "")}");
        table.AddColumns(figures.Select(f => f.Name.Replace('_', ' ')).ToArray());
        table.AddRow(figures.Select(f => F(f.Value, f.Format)).ToArray());
        console.Write(table);
        if (summary.Detail is { } detail)
        {
            var rows = new Table().Border(TableBorder.Simple);
            rows.AddColumns(detail.Columns.Select(Markup.Escape).ToArray());
            foreach (var row in detail.Rows)
                rows.AddRow(row.Select(Markup.Escape).ToArray());
            console.Write(rows);
        }
    }

    private static string F(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);

    private sealed class BarReporter(IAnsiConsole console, ProgressContext context) : ITrainingProgress
    {
        private ProgressTask? training, evaluation;
        private double lossSum;
        private int lossCount;

        public void Message(string text) => console.MarkupLine(Markup.Escape(text));

        public void EpochStarted(int epoch, int epochs, int trainingBatches)
        {
            (lossSum, lossCount) = (0, 0);
            training = context.AddTask($"epoch {epoch}/{epochs} training", maxValue: trainingBatches);
        }

        public void TrainingBatchDone(int epoch, int batch, double loss, long tokens)
        {
            lossSum += loss;
            lossCount++;
            training!.Description = $"epoch {epoch} training, loss {lossSum / lossCount:F4}";
            training.Value = batch;
        }

        public void EvaluationStarted(int epoch, int batches) => evaluation = context.AddTask($"epoch {epoch} validation", maxValue: batches);

        public void EvaluationBatchDone(int epoch, int batch) => evaluation!.Value = batch;

        public void EpochDone(IEpochSummary summary, bool best) => PrintEpoch(console, summary, best);
    }

    private sealed class LogReporter(IAnsiConsole console) : ITrainingProgress
    {
        private readonly Stopwatch clock = new();
        private int batches, epochs;
        private double lossSum;
        private long tokens;

        public void Message(string text) => Console.Out.WriteLine(text);

        public void EpochStarted(int epoch, int epochs, int trainingBatches)
        {
            (batches, this.epochs, lossSum, tokens) = (trainingBatches, epochs, 0, 0);
            clock.Restart();
            Console.Out.WriteLine($"epoch {epoch}/{epochs}: {trainingBatches} batches");
        }

        public void TrainingBatchDone(int epoch, int batch, double loss, long batchTokens)
        {
            lossSum += loss;
            tokens += batchTokens;
            // About ten lines an epoch, so logs stay readable.
            if (batch % Math.Max(1, batches / 10) != 0 && batch != batches)
                return;
            double seconds = clock.Elapsed.TotalSeconds;
            var remaining = TimeSpan.FromSeconds(seconds / batch * (batches - batch));
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  epoch {epoch}/{epochs} batch {batch}/{batches}: loss {lossSum / batch:F4}, {tokens / Math.Max(seconds, 1e-9):N0} tokens/s, {batch / Math.Max(seconds, 1e-9):F2} batches/s, ETA {remaining:hh\\:mm\\:ss}"));
        }

        public void EvaluationStarted(int epoch, int batches) => Console.Out.WriteLine($"  validating: {batches} batches");

        public void EvaluationBatchDone(int epoch, int batch) { }

        public void EpochDone(IEpochSummary summary, bool best) => PrintEpoch(console, summary, best);
    }
}
