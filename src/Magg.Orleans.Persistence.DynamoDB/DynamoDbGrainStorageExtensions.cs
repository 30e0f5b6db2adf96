using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Runtime.Hosting;
using Orleans.Storage;

namespace Magg.Orleans.Persistence.DynamoDB;

/// <summary>Registers <see cref="DynamoDbGrainStorage"/> as a named Orleans grain storage provider.</summary>
public static class DynamoDbGrainStorageExtensions
{
    /// <summary>Adds DynamoDB grain storage named <paramref name="name"/> to the silo.</summary>
    public static ISiloBuilder AddDynamoDbGrainStorage(
        this ISiloBuilder builder, string name, Action<DynamoDbGrainStorageOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddDynamoDbGrainStorage(name, configure);
        return builder;
    }

    /// <summary>Adds DynamoDB grain storage named <paramref name="name"/> to a silo's services.</summary>
    public static IServiceCollection AddDynamoDbGrainStorage(
        this IServiceCollection services, string name, Action<DynamoDbGrainStorageOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(configure);

        services.AddOptions<DynamoDbGrainStorageOptions>(name).Configure(configure);
        services.AddTransient<IConfigurationValidator>(provider => new DynamoDbGrainStorageOptionsValidator(
            provider.GetRequiredService<IOptionsMonitor<DynamoDbGrainStorageOptions>>().Get(name), name));
        return services.AddGrainStorage(name, static (provider, providerName) =>
        {
            var options = provider.GetRequiredService<IOptionsMonitor<DynamoDbGrainStorageOptions>>().Get(providerName);
            return new DynamoDbGrainStorage(
                providerName,
                options,
                options.GrainStorageSerializer ?? provider.GetRequiredService<IGrainStorageSerializer>(),
                provider.GetRequiredService<IOptions<ClusterOptions>>(),
                provider.GetRequiredService<ILogger<DynamoDbGrainStorage>>());
        });
    }
}
