using System.Net;
using System.Net.Sockets;
using Magg.Orleans.Core.Security;
using Magg.Orleans.Grains.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Magg.Orleans.Client;

/// <summary>
/// A connection to a Magg cluster: an embedded single silo in this process (the default on a laptop or in a notebook),
/// or a client of a running cluster's gateway. Dispose it to stop the silo or close the connection.
/// </summary>
public sealed class MaggCluster : IAsyncDisposable
{
    private readonly IHost _host;

    private MaggCluster(IHost host, bool embedded)
    {
        _host = host;
        IsEmbedded = embedded;
        var time = host.Services.GetRequiredService<TimeProvider>();
        var policy = embedded ? host.Services.GetRequiredService<AccessPolicy>() : null;
        Client = new MaggClient(host.Services.GetRequiredService<IClusterClient>(), time)
        {
            BeforeSubmit = policy is null ? null : plan => policy.Grant(plan.Access.GranuleSources, plan.Access.Stores),
        };
    }

    /// <summary>The agg() client.</summary>
    public MaggClient Client { get; }

    /// <summary>True when the silo runs in this process.</summary>
    public bool IsEmbedded { get; }

    /// <summary>The host's services (the silo's, when embedded).</summary>
    public IServiceProvider Services => _host.Services;

    /// <summary>
    /// Starts a single silo in this process with in-memory grain state, listening on loopback only. It has no reminder
    /// service (a run's watchdog guards against losing a silo, and here the silo and its client share one process) and
    /// stops without waiting for grains to deactivate (their state is memory; the output and its stamps are in the store).
    /// It writes local folder stores, lets runs name their store's S3 endpoint, and allows what its own client's runs
    /// read and write (the catalog's folder and S3 bucket, the store); more with <c>Magg:Access</c> (<see cref="AccessOptions"/>).
    /// <paramref name="configure"/> may adjust the silo (e.g. <see cref="RunOptions"/> or extra services).
    /// </summary>
    public static async Task<MaggCluster> StartEmbeddedAsync(Action<ISiloBuilder>? configure = null, LogLevel logLevel = LogLevel.Warning,
        CancellationToken cancellationToken = default)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        // Logs go to stderr (stdout is the caller's). The stop skips the drain on purpose, and a silo that lives for one
        // short run trips Orleans' watchdog at start: those warnings are left out.
        builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace).AddSimpleConsole(o => o.SingleLine = true)
            .SetMinimumLevel(logLevel)
            .AddFilter("Orleans.Runtime.SiloLifecycleSubject", LogLevel.Error).AddFilter("Orleans.Grain", LogLevel.Error)
            .AddFilter("Orleans.Runtime.Silo", LogLevel.Error).AddFilter("Orleans.Runtime.Watchdog", LogLevel.Error);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering(siloPort: FreeLoopbackPort(), gatewayPort: FreeLoopbackPort(), serviceId: "magg-embedded",
                clusterId: $"magg-embedded-{Environment.ProcessId}");
            silo.UseMaggProcessStorage().AddMagg();
            silo.Services.Configure<RunOptions>(o => o.UseWatchdogReminder = false);
            silo.Services.PostConfigure<AccessOptions>(o => (o.LocalStores, o.ClientStoreEndpoints) = (true, true));
            configure?.Invoke(silo);
        });
        return new MaggCluster(await StartHostAsync(builder, cancellationToken).ConfigureAwait(false), embedded: true);
    }

    /// <summary>
    /// Connects to a running cluster through its gateways: <c>host:port</c>, or several separated by commas
    /// (<c>10.0.1.5:30000,10.0.1.6:30000</c>). Any of them may be down; the client uses those that answer.
    /// </summary>
    /// <param name="gateways">The gateways.</param>
    /// <param name="clusterId">The silos' cluster id (a gateway refuses clients of another cluster).</param>
    /// <param name="serviceId">The silos' service id.</param>
    /// <param name="configure">Adjusts the client (e.g. <c>ClientMessagingOptions.ResponseTimeout</c>).</param>
    /// <param name="tls">Mutual TLS: the client's certificate and key, and the cluster's authority (null: plain TCP).</param>
    /// <param name="cancellationToken">Stops connecting.</param>
    /// <exception cref="AggRequestException">A gateway is not <c>host:port</c>, or a TLS file cannot be used.</exception>
    public static async Task<MaggCluster> ConnectAsync(string gateways, string clusterId = "magg", string serviceId = "magg",
        Action<IClientBuilder>? configure = null, MaggTlsFiles? tls = null, CancellationToken cancellationToken = default)
    {
        var endpoints = ParseGateways(gateways);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        // Logs go to stderr (stdout is the caller's); a gateway or silo going down is expected, not worth a warning per
        // retry, and a failed start is thrown to the caller rather than logged.
        builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace).AddSimpleConsole(o => o.SingleLine = true)
            .SetMinimumLevel(LogLevel.Warning).AddFilter("Orleans", LogLevel.Error).AddFilter("Microsoft.Extensions.Hosting", LogLevel.None);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.UseOrleansClient(client =>
        {
            client.UseStaticClustering(endpoints)
                .Configure<global::Orleans.Configuration.ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (clusterId, serviceId));
            if (tls is not null)
            {
                try
                {
                    client.UseMaggTls(tls);
                }
                catch (MaggTlsException e)
                {
                    throw new AggRequestException(e.Message, e);
                }
            }

            configure?.Invoke(client);
        });
        return new MaggCluster(await StartHostAsync(builder, cancellationToken).ConfigureAwait(false), embedded: false);
    }

    private static async Task<IHost> StartHostAsync(HostApplicationBuilder builder, CancellationToken cancellationToken)
    {
        var host = builder.Build();
        try
        {
            await host.StartAsync(cancellationToken).ConfigureAwait(false);
            return host;
        }
        catch
        {
            host.Dispose();
            throw;
        }
    }

    /// <summary>Parses gateway addresses: <c>host:port</c>, or several separated by commas.</summary>
    /// <exception cref="AggRequestException">An address is not <c>host:port</c>, or none is given.</exception>
    public static IPEndPoint[] ParseGateways(string gateways)
    {
        ArgumentNullException.ThrowIfNull(gateways);
        var parts = gateways.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        return parts.Length > 0
            ? [.. parts.Select(ParseGateway).Distinct()]
            : throw new AggRequestException($"Gateway '{gateways}' is not host:port (e.g. 127.0.0.1:30000, or several separated by commas).");
    }

    /// <summary>Parses a gateway address <c>host:port</c>.</summary>
    /// <exception cref="AggRequestException">The address is not <c>host:port</c>.</exception>
    public static IPEndPoint ParseGateway(string gateway)
    {
        ArgumentNullException.ThrowIfNull(gateway);
        var colon = gateway.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(gateway.AsSpan(colon + 1), out var port) || port is <= 0 or > 65535)
        {
            throw new AggRequestException($"Gateway '{gateway}' is not host:port (e.g. 127.0.0.1:30000).");
        }

        var host = gateway[..colon];
        IPAddress[] addresses;
        try
        {
            addresses = IPAddress.TryParse(host, out var ip) ? [ip] : Dns.GetHostAddresses(host);
        }
        catch (SocketException e)
        {
            throw new AggRequestException($"Gateway host '{host}' does not resolve: {e.Message}", e);
        }

        var address = addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork)
            ?? throw new AggRequestException($"Gateway host '{host}' does not resolve to an IPv4 address.");
        return new IPEndPoint(address, port);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        // An embedded silo holds nothing that outlives it: a cancelled token makes Orleans skip the graceful drain.
        using var stop = new CancellationTokenSource();
        if (IsEmbedded)
        {
            await stop.CancelAsync().ConfigureAwait(false);
        }

        await _host.StopAsync(stop.Token).ConfigureAwait(false);
        _host.Dispose();
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
