using System.CommandLine;
using Magg.Orleans.Cli.Output;
using Magg.Orleans.Client;

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

    /// <summary>The connected cluster, or null after writing <c>error: cannot reach the cluster at ...</c>.</summary>
    /// <param name="console">Where the error goes.</param>
    /// <param name="gateways"><c>host:port</c>, or several separated by commas; any may be down.</param>
    /// <param name="clusterId">The silos' cluster id (gateways refuse clients of another cluster).</param>
    /// <param name="connectTimeoutSeconds">How long the gateways have to accept the connection.</param>
    /// <param name="cancellationToken">Stops trying.</param>
    /// <exception cref="AggRequestException">A gateway is not <c>host:port</c>.</exception>
    public static async Task<MaggCluster?> TryConnectAsync(CliConsole console, string gateways, string clusterId, int connectTimeoutSeconds,
        CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(connectTimeoutSeconds));
        try
        {
            return await MaggCluster.ConnectAsync(gateways, clusterId, cancellationToken: timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OrleansException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            var reason = e is OperationCanceledException
                ? $"no gateway answered within {connectTimeoutSeconds} s for cluster id '{clusterId}' (are the silos up, with that --cluster-id?)"
                : e.Message;
            console.Fail(MaggCli.RunFailed, $"cannot reach the cluster at {gateways}: {reason}");
            return null;
        }
    }
}
