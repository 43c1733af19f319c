using BertGen.Runtime;
using BertGen.Tests.Infrastructure;

namespace BertGen.Tests.Runtime;

/// <summary>
/// The thread count that follows the machine's load: the rule from a measurement to a count, the measurement's
/// arithmetic, and the fixed count from code, <c>--threads</c> and <c>BERTGEN_THREADS</c>. (What the rule does
/// for throughput is measured by <c>bertgen bench cotenancy</c>, not asserted here.)
/// </summary>
public sealed class CpuThreadsTests
{
    [Theory]
    [InlineData(2, 0.0, 2)]
    [InlineData(2, 0.3, 2)]   // background noise keeps both threads
    [InlineData(2, 0.45, 2)]
    [InlineData(2, 0.6, 1)]
    [InlineData(2, 1.0, 1)]   // a second job on one core
    [InlineData(2, 2.0, 1)]   // never fewer than one
    [InlineData(2, 7.5, 1)]
    [InlineData(8, 3.0, 5)]
    [InlineData(8, 3.4, 5)]
    [InlineData(8, 0.2, 8)]
    public void The_free_cores_set_the_count(int budget, double othersBusy, int expected) =>
        Assert.Equal(expected, CpuThreads.ThreadsFor(budget, othersBusy));

    [Fact]
    public void Others_are_the_busy_time_this_process_did_not_spend_per_second()
    {
        var earlier = new ContentionSample(TimeSpan.FromSeconds(10), BusySeconds: 100, OwnSeconds: 40);
        var later = new ContentionSample(TimeSpan.FromSeconds(12), BusySeconds: 103.5, OwnSeconds: 42);

        Assert.Equal(0.75, later.OthersBusyCores(earlier), 6);
        // Rounding between the two clocks never makes the others negative.
        Assert.Equal(0, new ContentionSample(TimeSpan.FromSeconds(12), 101, 42).OthersBusyCores(earlier));
        Assert.Equal(0, earlier.OthersBusyCores(earlier));
    }

    [SkippableFact]
    public void This_machine_can_be_measured()
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "/proc/stat is Linux's");
        var sample = ContentionSample.Take();

        Assert.NotNull(sample);
        Assert.True(sample.BusySeconds > 0);
        Assert.NotEmpty(ContentionSample.AllowedCpus);
        Assert.True(ContentionSample.AllowedCpus.Count >= CpuThreads.Budget, "the budget counts the affinity mask and the quota, so it is never above the mask");
    }

    [Fact]
    public void A_fixed_count_applies_to_the_calling_thread_and_out_of_range_counts_are_refused()
    {
        var thread = new Thread(() =>
        {
            try
            {
                CpuThreads.SetFixed(1);
                Assert.Equal(1, TorchSharp.torch.get_num_threads());
                CpuThreads.Tick();
                Assert.Equal(1, TorchSharp.torch.get_num_threads());
                Assert.Throws<ArgumentOutOfRangeException>(() => CpuThreads.SetFixed(0));
                Assert.Throws<ArgumentOutOfRangeException>(() => CpuThreads.SetFixed(1025));
            }
            finally
            {
                CpuThreads.Adapt();
            }
        });
        thread.Start();
        thread.Join();
        Assert.Null(CpuThreads.Fixed);
    }

    [Fact]
    public void The_command_line_names_a_bad_thread_count()
    {
        var option = BertgenCli.Run("predict", "--threads", "0", "--model", "x", "--text", "y");
        var environment = BertgenCli.RunWith(new Dictionary<string, string?> { ["BERTGEN_THREADS"] = "many" }, "predict", "--model", "x", "--text", "y");

        Assert.NotEqual(0, option.ExitCode);
        Assert.Contains("--threads must be a count from 1 to 1,024", option.Output);
        Assert.Equal(1, environment.ExitCode);
        Assert.Contains("BERTGEN_THREADS='many' is not a thread count", environment.Output);
    }
}
