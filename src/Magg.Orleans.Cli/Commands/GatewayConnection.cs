using System.CommandLine;
using Magg.Orleans.Cli.Output;
using Magg.Orleans.Client;
using Magg.Orleans.Grains.Hosting;

namespace Magg.Orleans.Cli.Commands;

/// <summary>Connects to a running cluster's gateways, and says so plainly when none answers.</summary>
internal static class GatewayConnection
{
    /// <summary>The <c>--cluster-id</c> flag of commands that connect to a cluster (default: <c>MAGG_CLUSTER_ID</c>, else <c>magg</c>).</summary>
    public static Option<string> CreateClusterIdOption() => new("--cluster-id")
    {
        Description = "Cluster id of the silos behind the gateways [env: MAGG_CLUSTER_ID] (default magg)",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("MAGG_CLUSTER_ID") is { Length: > 0 } id ? id : "magg",
    };

    /// <summary>The <c>--connect-timeout</c> flag: seconds the gateways have to accept the connection.</summary>
    public static Option<int> CreateConnectTimeoutOption()
    {
        var option = new Option<int>("--connect-timeout") { Description = "Seconds the gateways have to accept the connection (default 30)", DefaultValueFactory = _ => 30 };
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() <= 0)
            {
                result.AddError("--connect-timeout must be a positive number of seconds");
            }
        });
        return option;
    }

    /// <summary>The <c>--tls-cert</c>, <c>--tls-key</c> and <c>--ca</c> flags of commands that connect to a cluster over mutual TLS.</summary>
    public static (Option<string?> Certificate, Option<string?> Key, Option<string?> Authority) CreateTlsOptions() =>
    (
        new Option<string?>("--tls-cert")
        {
            Description = "Client certificate (PEM) for a cluster that requires mutual TLS [env: MAGG_TLS_CERT]",
            DefaultValueFactory = _ => Variable("MAGG_TLS_CERT"),
        },
        new Option<string?>("--tls-key") { Description = "Private key of --tls-cert (PEM) [env: MAGG_TLS_KEY]", DefaultValueFactory = _ => Variable("MAGG_TLS_KEY") },
        new Option<string?>("--ca")
        {
            Description = "Certificate authority the silos' certificates must chain to (PEM) [env: MAGG_TLS_CA]",
            DefaultValueFactory = _ => Variable("MAGG_TLS_CA"),
        }
    );

    /// <summary>The TLS files of <see cref="CreateTlsOptions"/>, checked (readable, a certificate with its key, signed by the authority), or null when none is given.</summary>
    /// <exception cref="AggRequestException">Some but not all of them are given, or a file cannot be used; the message names it.</exception>
    public static MaggTlsFiles? Tls(ParseResult parse, (Option<string?> Certificate, Option<string?> Key, Option<string?> Authority) options)
    {
        ArgumentNullException.ThrowIfNull(parse);
        var (certificate, key, authority) = (parse.GetValue(options.Certificate), parse.GetValue(options.Key), parse.GetValue(options.Authority));
        var files = (certificate, key, authority) switch
        {
            (null, null, null) => null,
            ({ } c, { } k, { } a) => new MaggTlsFiles(c, k, a),
            _ => throw new AggRequestException("--tls-cert, --tls-key and --ca go together (or MAGG_TLS_CERT, MAGG_TLS_KEY and MAGG_TLS_CA)"),
        };
        if (files is not null)
        {
            try
            {
                var (loaded, loadedAuthority) = MaggTls.Load(files);
                loaded.Dispose();
                loadedAuthority.Dispose();
            }
            catch (MaggTlsException e)
            {
                throw new AggRequestException(e.Message, e);
            }
        }

        return files;
    }

    /// <summary>The connected cluster, or null after writing <c>error: cannot reach the cluster at ...</c>.</summary>
    /// <param name="console">Where the error goes.</param>
    /// <param name="gateways"><c>host:port</c>, or several separated by commas; any may be down.</param>
    /// <param name="clusterId">The silos' cluster id (gateways refuse clients of another cluster).</param>
    /// <param name="connectTimeoutSeconds">How long the gateways have to accept the connection.</param>
    /// <param name="tls">Mutual TLS files, or null.</param>
    /// <param name="cancellationToken">Stops trying.</param>
    /// <exception cref="AggRequestException">A gateway is not <c>host:port</c>.</exception>
    public static async Task<MaggCluster?> TryConnectAsync(CliConsole console, string gateways, string clusterId, int connectTimeoutSeconds,
        MaggTlsFiles? tls, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(connectTimeoutSeconds));
        try
        {
            return await MaggCluster.ConnectAsync(gateways, clusterId, tls: tls, cancellationToken: timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OrleansException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            var reason = e is OperationCanceledException
                ? $"no gateway answered within {connectTimeoutSeconds} s for cluster id '{clusterId}' (are the silos up, with that --cluster-id{(tls is null ? "" : ", and do they trust this certificate")}?)"
                : e.Message;
            console.Fail(MaggCli.RunFailed, $"cannot reach the cluster at {gateways}: {reason}");
            return null;
        }
    }

    private static string? Variable(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : null;
}
