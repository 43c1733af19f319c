using BertGen.Prediction;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace BertGen.Hosting;

/// <summary>Registers BertGen predictors with a .NET host.</summary>
public static class BertGenServiceCollectionExtensions
{
    /// <summary>
    /// Registers a <see cref="BatchingTextClassifier"/> (singleton, thread-safe, micro-batching) with its
    /// <see cref="BertGenClassifierOptions"/> bound from <paramref name="configuration"/>'s
    /// <c>BertGen:Classifier</c> section (or from <paramref name="configuration"/> itself when it is that
    /// section), validated when the host starts, and the health check <c>bertgen-classifier</c>.
    /// </summary>
    public static IServiceCollection AddBertGenClassifier(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration is IConfigurationSection { Path: BertGenClassifierOptions.Section } own ? own : configuration.GetSection(BertGenClassifierOptions.Section);
        services.AddOptions<BertGenClassifierOptions>().Bind(section).ValidateDataAnnotations().ValidateOnStart();
        return AddServices(services);
    }

    /// <summary>Registers the classifier as <see cref="AddBertGenClassifier(IServiceCollection, IConfiguration)"/> does, with options set in code.</summary>
    public static IServiceCollection AddBertGenClassifier(this IServiceCollection services, Action<BertGenClassifierOptions> configure)
    {
        services.AddOptions<BertGenClassifierOptions>().Configure(configure).ValidateDataAnnotations().ValidateOnStart();
        return AddServices(services);
    }

    private static IServiceCollection AddServices(IServiceCollection services)
    {
        services.TryAddSingleton<ServedClassifier>();
        // Both registrations dispose the classifier when the host stops; its Dispose runs once.
        services.TryAddSingleton(provider => provider.GetRequiredService<ServedClassifier>().Classifier);
        services.AddHostedService<ClassifierWarmup>();
        services.AddHealthChecks().AddCheck<ClassifierHealthCheck>("bertgen-classifier");
        return services;
    }
}
