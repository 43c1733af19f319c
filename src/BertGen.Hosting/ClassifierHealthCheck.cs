using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace BertGen.Hosting;

/// <summary>
/// Reports the served classifier: healthy with its model, labels, precision and traffic once loaded; degraded
/// while its queue is more than three quarters full; unhealthy with the reason when the model could not load.
/// </summary>
public sealed class ClassifierHealthCheck(ServedClassifier served) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!served.IsLoaded)
            return Task.FromResult(HealthCheckResult.Degraded($"the model {served.Options.ModelPath} is not loaded yet (it loads on the first request)"));
        Prediction.BatchingTextClassifier classifier;
        try
        {
            classifier = served.Classifier;
        }
        catch (Exception e)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy($"the model {served.Options.ModelPath} could not be loaded: {e.Message}", e));
        }
        var (batches, texts) = classifier.Served;
        var data = new Dictionary<string, object>
        {
            ["model"] = served.Options.ModelPath,
            ["labels"] = string.Join(",", classifier.Classifier.Labels),
            ["precision"] = classifier.Classifier.Precision.ToString(),
            ["max_length"] = classifier.Classifier.MaxLength,
            ["queued"] = classifier.Queued,
            ["batches"] = batches,
            ["texts"] = texts,
        };
        var busy = classifier.Queued > classifier.Options.QueueCapacity * 3 / 4;
        return Task.FromResult(busy
            ? HealthCheckResult.Degraded($"{classifier.Queued} requests queued of {classifier.Options.QueueCapacity}", data: data)
            : HealthCheckResult.Healthy($"serving {served.Options.ModelPath}", data));
    }
}
