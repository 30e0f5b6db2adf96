using Magg.Orleans.Core.Granules;
using Magg.Orleans.Core.Processing;
using Magg.Orleans.Grains.Services;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Magg.Orleans.Grains.Hosting;

/// <summary>Registers what the Magg grains need in a silo.</summary>
public static class MaggSiloBuilderExtensions
{
    /// <summary>
    /// Adds the grains' services: config compilation, granule drivers (local files, S3, HTTPS), the silo's cache of decoded granule chunks, the cell processor and
    /// the Zarr output stores, with <see cref="RunOptions"/> bound to <c>Magg:Run</c>. Grain storage and reminders
    /// come from the host (<see cref="UseMaggInMemoryStorage"/> for a single embedded silo).
    /// </summary>
    public static ISiloBuilder AddMagg(this ISiloBuilder silo)
    {
        ArgumentNullException.ThrowIfNull(silo);
        var services = silo.Services;
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<RunOptions>().BindConfiguration(RunOptions.SectionName);
        services.AddOptions<GranuleDriverOptions>().BindConfiguration(GranuleDriverOptions.SectionName);
        services.AddMetrics();
        services.TryAddSingleton<MaggMetrics>();
        services.TryAddSingleton<PipelineCache>();
        services.TryAddSingleton<IOutputStores, ZarrOutputStores>();
        services.TryAddSingleton(_ => new LocalGranuleSource());
        services.TryAddSingleton<IGranuleSource>(GranuleSources.Create);
        services.TryAddSingleton(_ => new GranuleReadCache());
        services.TryAddSingleton(sp => new CellProcessor(sp.GetRequiredService<IGranuleSource>(), sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<CellProcessor>>(), sp.GetRequiredService<GranuleReadCache>()));
        return silo;
    }

    /// <summary>In-memory grain storage and reminders: the embedded single silo of a laptop or notebook.</summary>
    public static ISiloBuilder UseMaggInMemoryStorage(this ISiloBuilder silo) =>
        silo.AddMemoryGrainStorage(MaggStorage.Runs)
            .AddMemoryGrainStorage(MaggStorage.Batches)
            .AddMemoryGrainStorage(MaggStorage.Cells)
            .UseInMemoryReminderService();
}
