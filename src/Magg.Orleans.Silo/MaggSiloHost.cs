using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using Magg.Orleans.Grains.Hosting;
using Magg.Orleans.Persistence.DynamoDB;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Magg.Orleans.Silo;

/// <summary>
/// Builds a Magg silo from configuration (appsettings.json, environment, command line): localhost clustering and
/// in-memory state by default; <c>Orleans:Clustering=Redis</c> with <c>Magg:Storage=DynamoDB</c> for a cluster on ECS.
/// </summary>
public static class MaggSiloHost
{
    /// <summary>Builds the host; run it with <c>RunAsync</c>.</summary>
    public static IHost Build(string[] args)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, ContentRootPath = AppContext.BaseDirectory });
        var settings = builder.Configuration.GetSection("Orleans").Get<SiloSettings>() ?? new SiloSettings();
        var storage = builder.Configuration["Magg:Storage"] ?? "Memory";
        builder.Services.AddSingleton(TimeProvider.System);
        builder.UseOrleans(silo =>
        {
            ConfigureClustering(silo, settings);
            ConfigureStorage(silo, storage, builder.Configuration.GetSection("Magg:DynamoDB"), settings);
            silo.AddMagg();
        });
        return builder.Build();
    }

    private static void ConfigureClustering(ISiloBuilder silo, SiloSettings settings)
    {
        switch (settings.Clustering)
        {
            case "Localhost":
                silo.UseLocalhostClustering(settings.SiloPort, settings.GatewayPort, serviceId: settings.ServiceId, clusterId: settings.ClusterId);
                silo.UseInMemoryReminderService();
                return;
            case "Redis":
                var redis = settings.Redis ?? throw new InvalidOperationException("Orleans:Clustering=Redis needs Orleans:Redis (a connection string).");
                silo.Configure<global::Orleans.Configuration.ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (settings.ClusterId, settings.ServiceId));
                silo.ConfigureEndpoints(AdvertisedAddress(settings), settings.SiloPort, settings.GatewayPort, listenOnAnyHostAddress: true);
                silo.UseRedisClustering(redis);
                silo.UseRedisReminderService(o => o.ConfigurationOptions = StackExchange.Redis.ConfigurationOptions.Parse(redis));
                return;
            default:
                throw new InvalidOperationException($"Orleans:Clustering '{settings.Clustering}' is not supported; use Localhost or Redis.");
        }
    }

    private static void ConfigureStorage(ISiloBuilder silo, string storage, IConfigurationSection dynamo, SiloSettings settings)
    {
        string[] names = [MaggStorage.Runs, MaggStorage.Batches, MaggStorage.Cells];
        foreach (var name in names)
        {
            switch (storage)
            {
                case "Memory":
                    silo.AddMemoryGrainStorage(name);
                    break;
                case "DynamoDB":
                    silo.AddDynamoDbGrainStorage(name, o =>
                    {
                        dynamo.Bind(o);
                        o.TableName = dynamo["TableName"] ?? $"{settings.ServiceId}-grain-state";
                    });
                    break;
                default:
                    throw new InvalidOperationException($"Magg:Storage '{storage}' is not supported; use Memory or DynamoDB.");
            }
        }
    }

    private static IPAddress AdvertisedAddress(SiloSettings settings) =>
        settings.AdvertisedAddress is { } text ? IPAddress.Parse(text)
            : NetworkInterface.GetAllNetworkInterfaces()
                .Where(n => n.OperationalStatus == OperationalStatus.Up && n.NetworkInterfaceType != NetworkInterfaceType.Loopback)
                .SelectMany(n => n.GetIPProperties().UnicastAddresses)
                .Select(a => a.Address)
                .FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork) ?? IPAddress.Loopback;
}
