using BertGen.Hosting;
using BertGen.Prediction;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace BertGen.Tests.Service;

/// <summary>The health check tells a model not loaded yet from one that failed to load (loaded on first use).</summary>
public sealed class ClassifierHealthTests
{
    [Fact]
    public async Task A_model_that_fails_on_first_use_is_unhealthy_with_the_reason()
    {
        var missing = Path.Combine(Path.GetTempPath(), "bertgen-no-such-model-" + Guid.NewGuid().ToString("N"));
        var services = new ServiceCollection();
        services.AddBertGenClassifier(options =>
        {
            options.ModelPath = missing;
            options.LoadOnStart = false;
        });
        using var provider = services.BuildServiceProvider();
        var check = new ClassifierHealthCheck(provider.GetRequiredService<ServedClassifier>());

        var before = await check.CheckHealthAsync(new HealthCheckContext());
        Assert.ThrowsAny<Exception>(() => provider.GetRequiredService<BatchingTextClassifier>());
        var after = await check.CheckHealthAsync(new HealthCheckContext());

        Assert.Equal(HealthStatus.Degraded, before.Status);
        Assert.Equal(HealthStatus.Unhealthy, after.Status);
        Assert.Contains(missing, after.Description);
    }
}
