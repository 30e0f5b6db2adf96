using Magg.Orleans.Client;
using Magg.Orleans.Core.Granules;
using Magg.Orleans.Grains.Hosting;
using Magg.Orleans.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Serialization;
using Orleans.Storage;
using Orleans.TestingHost;

namespace Magg.Orleans.Grains.Tests;

/// <summary>Two silos in this process sharing grain storage and a counting local granule source.</summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    // The shared storage copies with its own serializer: a silo's copier dies with the silo.
    private readonly ServiceProvider _serialization = new ServiceCollection()
        .AddSerializer(b => b.AddAssembly(typeof(Runs.RunGrain).Assembly).AddAssembly(typeof(RunContext).Assembly))
        .BuildServiceProvider();

    private SharedGrainStorage? _storage;

    public CountingGranuleSource Granules { get; } = new();

    /// <summary>Largest serialized item per grain state written by the silos.</summary>
    public ItemSizes Sizes { get; } = new();

    /// <summary>The grain storage both silos share (state outlives a silo; writes can be made to fail).</summary>
    public SharedGrainStorage Storage => Shared();

    /// <summary>The run settings of the silos (short, so tests are quick; generous enough for a loaded 2-core machine).</summary>
    public static RunOptions RunOptions { get; } = new()
    {
        TickPeriod = TimeSpan.FromMilliseconds(200),
        CellLease = TimeSpan.FromSeconds(5),
        RetryBaseDelay = TimeSpan.FromMilliseconds(200),
        MaxFaults = 3,
        FaultBaseDelay = TimeSpan.FromMilliseconds(100),
        FaultMaxDelay = TimeSpan.FromSeconds(1),
        CancelGrace = TimeSpan.FromSeconds(2),
        StoreLockWait = TimeSpan.FromSeconds(30),
        UseWatchdogReminder = false,
    };

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public MaggClient Client { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(initialSilosCount: 2);
        builder.ConfigureSilo((_, silo) =>
        {
            foreach (var name in new[] { MaggStorage.Runs, MaggStorage.Batches, MaggStorage.Cells })
            {
                silo.Services.AddKeyedSingleton<IGrainStorage>(name, (services, _) =>
                    new RecordingGrainStorage(Shared(), services.GetRequiredService<IGrainStorageSerializer>(), Sizes));
            }

            if (Environment.GetEnvironmentVariable("MAGG_TEST_LOG") is { Length: > 0 } log)
            {
                silo.Services.AddLogging(b => b.AddProvider(new FileLoggerProvider(log)));
            }

            silo.UseInMemoryReminderService();
            // Declare a killed silo dead within seconds, so its grains come back on the survivor quickly.
            silo.Configure<ClusterMembershipOptions>(o =>
            {
                o.ProbeTimeout = TimeSpan.FromSeconds(1);
                o.NumMissedProbesLimit = 2;
                o.NumVotesForDeathDeclaration = 1;
            });
            silo.Services.AddSingleton<IGranuleSource>(Granules);
            silo.Services.AddSingleton(Microsoft.Extensions.Options.Options.Create(RunOptions));
            silo.AddMagg();
            // These silos stand in for the embedded one: local stores in temp folders.
            silo.Services.Configure<Core.Security.AccessOptions>(o =>
            {
                o.LocalStores = true;
                o.AllowStores.Add(Path.GetTempPath());
            });
        });
        Cluster = builder.Build();
        await Cluster.DeployAsync();
        Client = new MaggClient(Cluster.Client, TimeProvider.System) { PollInterval = TimeSpan.FromMilliseconds(100) };
    }

    public async ValueTask DisposeAsync()
    {
        await Cluster.DisposeAsync();
        await _serialization.DisposeAsync();
    }

    private SharedGrainStorage Shared()
    {
        // Both silos must use one instance; the first silo to ask creates it.
        Interlocked.CompareExchange(ref _storage, new SharedGrainStorage(_serialization.GetRequiredService<DeepCopier>()), null);
        return _storage;
    }
}
