using Magg.Orleans.Core.Granules;
using Magg.Orleans.Core.Processing;
using Magg.Orleans.Core.Security;
using Magg.Orleans.Grains.Credentials;
using Magg.Orleans.Grains.Lambda;
using Magg.Orleans.Grains.Security;
using Magg.Orleans.Grains.Services;
using Magg.Orleans.Storage.Cells;
using Magg.Orleans.Storage.Granules;
using Magg.Orleans.Storage.Lambda;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Storage;

namespace Magg.Orleans.Grains.Hosting;

/// <summary>Registers what the Magg grains need in a silo.</summary>
public static class MaggSiloBuilderExtensions
{
    private const string GranuleReadSection = "Magg:GranuleRead";

    /// <summary>
    /// Adds the grains' services: config compilation, granule drivers (local files, S3, HTTPS), the silo's cache of
    /// decoded granule chunks, the cell processor, the Zarr output stores and the Lambda invoker, with
    /// <see cref="RunOptions"/> bound to <c>Magg:Run</c>, <see cref="GranuleDriverOptions"/> to <c>Magg:Granules</c>,
    /// <see cref="OutputStoreOptions"/> to <c>Magg:Stores</c> (S3 endpoints default to <c>AWS_ENDPOINT_URL_S3</c> /
    /// <c>AWS_ENDPOINT_URL</c>, path-style), <see cref="InputLimits"/> to <c>Magg:Limits</c>, <see cref="PipelineCacheOptions"/>
    /// to <c>Magg:PipelineCache</c>, <see cref="GranuleReadOptions"/> to <c>Magg:GranuleRead</c> and <see cref="LambdaOptions"/>
    /// to <c>Magg:Lambda</c>. Grain storage and reminders come from the host (<see cref="UseMaggInMemoryStorage"/> for a
    /// single embedded silo).
    /// </summary>
    public static ISiloBuilder AddMagg(this ISiloBuilder silo)
    {
        ArgumentNullException.ThrowIfNull(silo);
        var services = silo.Services;
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<RunOptions>().BindConfiguration(RunOptions.SectionName);
        services.AddOptions<GranuleDriverOptions>().BindConfiguration(GranuleDriverOptions.SectionName)
            .PostConfigure(o => (o.S3ServiceUrl, o.S3ForcePathStyle) = AwsEndpointVariables.S3Default(o.S3ServiceUrl, o.S3ForcePathStyle));
        services.AddOptions<OutputStoreOptions>().BindConfiguration(OutputStoreOptions.SectionName)
            .PostConfigure(o => (o.S3ServiceUrl, o.S3ForcePathStyle) = AwsEndpointVariables.S3Default(o.S3ServiceUrl, o.S3ForcePathStyle))
            .Validate(o => o.MaxClients > 0, "Magg:Stores:MaxClients must be positive");
        services.AddOptions<InputLimits>().BindConfiguration(InputLimits.SectionName).Validate(Valid, "Magg:Limits has a cap that is not positive");
        services.AddOptions<PipelineCacheOptions>().BindConfiguration(PipelineCacheOptions.SectionName);
        services.AddOptions<ReportOptions>().BindConfiguration(ReportOptions.SectionName);
        services.AddOptions<AccessOptions>().BindConfiguration(AccessOptions.SectionName);
        services.AddOptions<CellLimitsOptions>().BindConfiguration(CellLimitsOptions.SectionName)
            .Validate(o => o.Deadline > TimeSpan.Zero && o.MaxConcurrent > 0, "Magg:Cells:Deadline and Magg:Cells:MaxConcurrent must be positive");
        services.TryAddSingleton(sp => new AccessPolicy(sp.GetRequiredService<IOptions<AccessOptions>>().Value));
        services.TryAddSingleton<RunValidator>();
        services.TryAddSingleton<CellSlots>();
        services.AddMetrics();
        services.TryAddSingleton<MaggMetrics>();
        services.TryAddSingleton(sp => new PipelineCache(
            sp.GetRequiredService<IOptions<PipelineCacheOptions>>(), sp.GetRequiredService<IOptions<InputLimits>>()));
        services.TryAddSingleton<IOutputStores, ZarrOutputStores>();
        services.TryAddSingleton(sp => new GranuleHttpClients(sp.GetRequiredService<AccessPolicy>()));
        services.TryAddSingleton(_ => new LocalGranuleSource());
        services.TryAddSingleton<IGranuleSource>(GranuleSources.Create);
        services.AddOptions<GranuleReadOptions>().BindConfiguration(GranuleReadSection).Validate(Valid, "Magg:GranuleRead has a setting out of range");
        services.TryAddSingleton(sp => new GranuleReadCache(sp.GetRequiredService<IOptions<GranuleReadOptions>>().Value));
        services.TryAddSingleton(sp => new CellProcessor(sp.GetRequiredService<IGranuleSource>(), sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<CellProcessor>>(), sp.GetRequiredService<GranuleReadCache>()));
        services.TryAddSingleton<CellWorker>();
        services.TryAddSingleton<ClientGranuleSources>();
        services.AddOptions<LambdaOptions>().BindConfiguration(LambdaOptions.SectionName);
        services.TryAddSingleton(sp => CreateInvoker(sp.GetRequiredService<IOptions<LambdaOptions>>().Value));
        services.TryAddSingleton<LambdaCells>();
        return silo;
    }

    private static LambdaInvoker CreateInvoker(LambdaOptions options)
    {
        // A configured endpoint stands in for AWS_ENDPOINT_URL_LAMBDA; the other variables are read as the SDKs read them.
        Func<string, string?> environment = options.ServiceUrl is { Length: > 0 } url
            ? name => name == "AWS_ENDPOINT_URL_LAMBDA" ? url : Environment.GetEnvironmentVariable(name)
            : Environment.GetEnvironmentVariable;
        return new LambdaInvoker(new LambdaInvokerOptions { Timeout = options.InvokeTimeout }, environment: environment);
    }

    private static bool Valid(GranuleReadOptions options)
    {
        try
        {
            options.Validate();
            return true;
        }
        catch (ArgumentOutOfRangeException)
        {
            return false;
        }
    }

    private static bool Valid(InputLimits limits)
    {
        try
        {
            limits.Validate();
            return true;
        }
        catch (ArgumentOutOfRangeException)
        {
            return false;
        }
    }

    /// <summary>In-memory grain storage (and reminders, unless <paramref name="reminders"/> is false): the embedded
    /// single silo of a laptop or notebook.</summary>
    public static ISiloBuilder UseMaggInMemoryStorage(this ISiloBuilder silo, bool reminders = true)
    {
        silo.AddMemoryGrainStorage(MaggStorage.Runs)
            .AddMemoryGrainStorage(MaggStorage.Batches)
            .AddMemoryGrainStorage(MaggStorage.Cells);
        return reminders ? silo.UseInMemoryReminderService() : silo;
    }

    /// <summary>
    /// Grain state in this process's memory (<see cref="ProcessGrainStorage"/>, Orleans' binary serializer), without a
    /// reminder service: the embedded single silo, where the silo and its state live and die with one process.
    /// </summary>
    public static ISiloBuilder UseMaggProcessStorage(this ISiloBuilder silo)
    {
        ArgumentNullException.ThrowIfNull(silo);
        foreach (var name in new[] { MaggStorage.Runs, MaggStorage.Batches, MaggStorage.Cells })
        {
            silo.Services.AddKeyedSingleton<IGrainStorage>(name, static (services, _) =>
                new ProcessGrainStorage(new OrleansGrainStorageSerializer(services.GetRequiredService<global::Orleans.Serialization.Serializer>())));
        }

        return silo;
    }
}
