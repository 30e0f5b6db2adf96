using System.Collections;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using Magg.Orleans.Grains.Hosting;
using Magg.Orleans.Persistence.DynamoDB;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;

namespace Magg.Orleans.Silo;

/// <summary>
/// Builds a Magg silo from its <see cref="SiloHostOptions"/>: localhost clustering with in-memory state by default, Redis
/// clustering with DynamoDB state for a cluster (ECS). Tuning comes from the <c>Magg</c> configuration section
/// (<c>MAGG_RUN__CELLLEASE</c>-style variables): <c>Magg:Run</c> (<see cref="RunOptions"/>), <c>Magg:Granules</c>,
/// <c>Magg:Stores</c> and <c>Magg:Membership</c> (Orleans' <see cref="ClusterMembershipOptions"/>, e.g. probe timeouts).
/// </summary>
public static class MaggSiloHost
{
    /// <summary>The configuration section bound to Orleans' <see cref="ClusterMembershipOptions"/>.</summary>
    public const string MembershipSection = "Magg:Membership";

    /// <summary>Builds the host; run it with <c>RunAsync</c>.</summary>
    public static IHost Build(SiloHostOptions options) => Build(options, Environment.GetEnvironmentVariables());

    /// <summary>Builds the host with <paramref name="variables"/> as the <c>MAGG_SECTION__KEY</c> variables.</summary>
    internal static IHost Build(SiloHostOptions options, IDictionary variables)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddInMemoryCollection(MaggEnvironmentVariables.ToConfiguration(variables));
        builder.Services.AddSingleton(TimeProvider.System);
        builder.UseOrleans(silo =>
        {
            silo.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (options.ClusterId, options.ServiceId));
            silo.Services.AddOptions<ClusterMembershipOptions>().BindConfiguration(MembershipSection);
            ConfigureClustering(silo, options);
            ConfigureStorage(silo, options);
            silo.AddMagg();
            silo.Services.Configure<Core.Security.AccessOptions>(o =>
            {
                o.AllowGranules.AddRange(options.AllowGranules);
                o.AllowStores.AddRange(options.AllowStores);
                o.AllowLoopbackForTests |= options.AllowLoopbackForTests;
            });
            if (options.Tls is { } tls)
            {
                silo.UseMaggTls(tls);
            }

            if (options.Region is { } region)
            {
                silo.Services.PostConfigure<OutputStoreOptions>(o => o.Region ??= region);
            }

            silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, SiloJoinedLog>();
        });
        if (options.HttpApi is { } http)
        {
            // Registered after the silo's own hosted service, so it starts once the silo is up and stops before it.
            builder.Services.AddSingleton(http);
            builder.Services.AddHostedService<HttpApiService>();
        }

        return builder.Build();
    }

    private static void ConfigureClustering(ISiloBuilder silo, SiloHostOptions options)
    {
        switch (options.Clustering)
        {
            case SiloClustering.Localhost:
                silo.UseLocalhostClustering(options.SiloPort, options.GatewayPort, serviceId: options.ServiceId, clusterId: options.ClusterId);
                silo.UseInMemoryReminderService();
                return;
            case SiloClustering.Redis:
                var redis = options.Redis ?? throw new SiloHostOptionsException("--clustering redis needs --redis HOST:PORT (or MAGG_REDIS)");
                silo.ConfigureEndpoints(options.Advertise ?? FirstNetworkAddress(), options.SiloPort, options.GatewayPort, listenOnAnyHostAddress: true);
                silo.UseRedisClustering(redis);
                silo.UseRedisReminderService(o => o.ConfigurationOptions = StackExchange.Redis.ConfigurationOptions.Parse(redis));
                return;
            default:
                throw new SiloHostOptionsException($"--clustering {options.Clustering} is not supported");
        }
    }

    private static void ConfigureStorage(ISiloBuilder silo, SiloHostOptions options)
    {
        string[] names = [MaggStorage.Runs, MaggStorage.Batches, MaggStorage.Cells];
        foreach (var name in names)
        {
            if (options.Storage == SiloStorage.DynamoDb)
            {
                silo.AddDynamoDbGrainStorage(name, o =>
                {
                    o.TableName = options.TableName;
                    o.ServiceUrl = options.DynamoDbEndpoint?.OriginalString;
                    o.Region = options.Region;
                });
            }
            else
            {
                silo.AddMemoryGrainStorage(name);
            }
        }
    }

    private static IPAddress FirstNetworkAddress() =>
        NetworkInterface.GetAllNetworkInterfaces()
            .Where(n => n.OperationalStatus == OperationalStatus.Up && n.NetworkInterfaceType != NetworkInterfaceType.Loopback)
            .SelectMany(n => n.GetIPProperties().UnicastAddresses)
            .Select(a => a.Address)
            .FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork) ?? IPAddress.Loopback;
}
