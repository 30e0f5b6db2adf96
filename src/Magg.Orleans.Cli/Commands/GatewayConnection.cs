using Magg.Orleans.Cli.Output;
using Magg.Orleans.Client;

namespace Magg.Orleans.Cli.Commands;

/// <summary>Connects to a running cluster's gateway, and says so plainly when nothing answers there.</summary>
internal static class GatewayConnection
{
    /// <summary>How long a gateway has to accept the connection.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    /// <summary>The connected cluster, or null after writing <c>error: cannot reach the cluster at ...</c>.</summary>
    /// <exception cref="AggRequestException">The gateway is not <c>host:port</c>.</exception>
    public static async Task<MaggCluster?> TryConnectAsync(CliConsole console, string gateway, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            return await MaggCluster.ConnectAsync(gateway, cancellationToken: timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OrleansException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            var reason = e is OperationCanceledException ? $"no answer within {Timeout.TotalSeconds:F0} s" : e.Message;
            console.Fail(MaggCli.RunFailed, $"cannot reach the cluster at {gateway}: {reason}");
            return null;
        }
    }
}
