using Magg.Orleans.Client;
using Magg.Orleans.Core.Granules;
using Magg.Orleans.Grains.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Orleans.Storage;
using Orleans.TestingHost;

namespace Magg.Orleans.Grains.Tests;

/// <summary>Two silos in this process sharing grain storage and a counting local granule source.</summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    private SharedGrainStorage? _storage;

    public CountingGranuleSource Granules { get; } = new();

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public MaggClient Client { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(initialSilosCount: 2);
        builder.ConfigureSilo((_, silo) =>
        {
            foreach (var name in new[] { MaggStorage.Runs, MaggStorage.Batches, MaggStorage.Cells })
            {
                silo.Services.AddKeyedSingleton<IGrainStorage>(name, (sp, _) => Shared(sp));
            }

            silo.UseInMemoryReminderService();
            silo.Services.AddSingleton<IGranuleSource>(Granules);
            silo.Services.Configure<RunOptions>(o =>
            {
                o.TickPeriod = TimeSpan.FromMilliseconds(200);
                o.CellLease = TimeSpan.FromSeconds(5);
                o.RetryBaseDelay = TimeSpan.FromMilliseconds(200);
                o.UseWatchdogReminder = false;
            });
            silo.AddMagg();
        });
        Cluster = builder.Build();
        await Cluster.DeployAsync();
        Client = new MaggClient(Cluster.Client, TimeProvider.System) { PollInterval = TimeSpan.FromMilliseconds(100) };
    }

    public async ValueTask DisposeAsync() => await Cluster.DisposeAsync();

    private SharedGrainStorage Shared(IServiceProvider services)
    {
        // Both silos must use one instance; the first silo to ask creates it.
        Interlocked.CompareExchange(ref _storage, new SharedGrainStorage(services.GetRequiredService<DeepCopier>()), null);
        return _storage;
    }
}
