using Microsoft.Extensions.Hosting;

namespace BertGen.Hosting;

/// <summary>Loads the classifier while the host starts, so that a bad model folder stops the start with its reason.</summary>
internal sealed class ClassifierWarmup(ServedClassifier served) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (served.Options.LoadOnStart)
            _ = served.Classifier;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
