using System.CommandLine;
using Magg.Orleans.Cli.Output;
using Magg.Orleans.Client;

namespace Magg.Orleans.Cli.Commands;

/// <summary>Connects to a running cluster's gateways, and says so plainly when none answers.</summary>
internal static class GatewayConnection
{
    /// <summary>How long the gateways have to accept the connection.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    /// <summary>The <c>--cluster-id</c> flag of commands that connect to a cluster (default: <c>MAGG_CLUSTER_ID</c>, else <c>magg</c>).</summary>
    public static Option<string> CreateClusterIdOption() => new("--cluster-id")
    {
        Description = "Cluster id of the silos behind the gateways [env: MAGG_CLUSTER_ID] (default magg)",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("MAGG_CLUSTER_ID") is { Length: > 0 } id ? id : "magg",
    };

    /// <summary>The connected cluster, or null after writing <c>error: cannot reach the cluster at ...</c>.</summary>
    /// <param name="console">Where the error goes.</param>
    /// <param name="gateways"><c>host:port</c>, or several separated by commas; any may be down.</param>
    /// <param name="clusterId">The silos' cluster id (gateways refuse clients of another cluster).</param>
    /// <param name="cancellationToken">Stops trying.</param>
    /// <exception cref="AggRequestException">A gateway is not <c>host:port</c>.</exception>
    public static async Task<MaggCluster?> TryConnectAsync(CliConsole console, string gateways, string clusterId, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            return await MaggCluster.ConnectAsync(gateways, clusterId, cancellationToken: timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OrleansException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            var reason = e is OperationCanceledException
                ? $"no gateway answered within {Timeout.TotalSeconds:F0} s for cluster id '{clusterId}' (are the silos up, with that --cluster-id?)"
                : e.Message;
            console.Fail(MaggCli.RunFailed, $"cannot reach the cluster at {gateways}: {reason}");
            return null;
        }
    }
}
