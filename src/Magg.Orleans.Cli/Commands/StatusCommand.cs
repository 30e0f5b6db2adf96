using System.CommandLine;
using Magg.Orleans.Cli.Output;
using Magg.Orleans.Client;

namespace Magg.Orleans.Cli.Commands;

/// <summary><c>status &lt;run-id&gt;</c>: progress of a run on a running cluster.</summary>
internal static class StatusCommand
{
    public static Command Create()
    {
        var runId = new Argument<string>("run-id") { Description = "The run to report on" };
        var gateway = new Option<string>("--gateway")
        {
            Description = "Gateway host:port of the cluster running it, or several separated by commas (any may be down)",
            DefaultValueFactory = _ => "127.0.0.1:30000",
        };
        var clusterId = GatewayConnection.CreateClusterIdOption();
        var connectTimeout = GatewayConnection.CreateConnectTimeoutOption();
        var summary = new Option<bool>("--summary") { Description = "Print the full summary with per-cell errors" };
        var report = new Option<bool>("--report") { Description = "Print where the run's report (_magg/runs/RUN_ID.html and .json in the store) is" };
        var tls = GatewayConnection.CreateTlsOptions();
        var command = new Command("status", "Show the progress of a run") { runId, gateway, clusterId, connectTimeout, summary, report, tls.Certificate, tls.Key, tls.Authority };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var console = new CliConsole(parse);
            try
            {
                await using var cluster = await GatewayConnection.TryConnectAsync(console, parse.GetRequiredValue(gateway), parse.GetRequiredValue(clusterId), parse.GetValue(connectTimeout), GatewayConnection.Tls(parse, tls), cancellationToken).ConfigureAwait(false);
                if (cluster is null)
                {
                    return MaggCli.RunFailed;
                }

                var id = parse.GetRequiredValue(runId);
                var progress = await cluster.Client.GetStatusAsync(id).ConfigureAwait(false);
                if (progress.Status == RunStatus.Unknown)
                {
                    return console.Fail(MaggCli.InvalidInput, $"no run '{id}' on this cluster");
                }

                if (parse.GetValue(report))
                {
                    SummaryPrinter.PrintReport(console.Out, await cluster.Client.GetTotalsAsync(id).ConfigureAwait(false));
                }
                else if (parse.GetValue(summary))
                {
                    var totals = await cluster.Client.GetTotalsAsync(id).ConfigureAwait(false);
                    await SummaryPrinter.PrintAsync(console.Out, totals, cluster.Client.GetResultsAsync(id, cancellationToken), cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    SummaryPrinter.Print(console.Out, progress);
                }

                return progress.Status is RunStatus.Failed or RunStatus.CompletedWithErrors or RunStatus.Cancelled ? MaggCli.RunFailed : MaggCli.Success;
            }
            catch (AggRequestException e)
            {
                return console.Fail(MaggCli.InvalidInput, e.Message);
            }
        });
        return command;
    }
}
