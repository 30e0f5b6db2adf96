using System.CommandLine;
using Magg.Orleans.Cli.Output;
using Magg.Orleans.Client;
using Magg.Orleans.Core.Catalog;
using Magg.Orleans.Core.Config;

namespace Magg.Orleans.Cli.Commands;

/// <summary><c>submit</c>: magg's agg() from the command line.</summary>
internal static class SubmitCommand
{
    public static Command Create()
    {
        var options = new SubmitOptions();
        var command = new Command("submit", "Aggregate a catalog's granules into a Zarr store and wait for the run to finish");
        options.AddTo(command);
        command.SetAction((parse, cancellationToken) => RunAsync(parse, options, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, SubmitOptions options, CancellationToken cancellationToken)
    {
        var console = new CliConsole(parse);
        AggRequest request;
        Grains.Hosting.MaggTlsFiles? tls;
        try
        {
            request = options.ToRequest(parse);
            tls = GatewayConnection.Tls(parse, options.Tls);
            if (parse.GetValue(options.Gateway) is { } address)
            {
                MaggCluster.ParseGateways(address);
                if (request.StoreServiceUrl is not null)
                {
                    throw new AggRequestException("--store-endpoint is for the embedded silo only: a cluster's silos reach S3 at their own endpoint (AWS_ENDPOINT_URL_S3)");
                }
            }
        }
        catch (AggRequestException e)
        {
            return console.Fail(MaggCli.InvalidInput, e.Message);
        }

        // An embedded silo starts while the request is planned: most of both is one-off start-up work, and on two
        // cores they overlap.
        var gateway = parse.GetValue(options.Gateway);
        var embedded = gateway is null && !request.DryRun
            ? MaggCluster.StartEmbeddedAsync(cancellationToken: cancellationToken)
            : null;
        RunPlan plan;
        try
        {
            plan = await RunPlanner.PlanAsync(request, TimeProvider.System, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is AggRequestException or ConfigException or CatalogException)
        {
            await StopAsync(embedded).ConfigureAwait(false);
            return console.Fail(MaggCli.InvalidInput, e.Message);
        }
        catch
        {
            await StopAsync(embedded).ConfigureAwait(false);
            throw;
        }

        foreach (var warning in plan.Config.Warnings)
        {
            console.Error.WriteLine($"warning: {warning}");
        }

        if (request.DryRun)
        {
            SummaryPrinter.Print(console.Out, plan.Preview);
            return MaggCli.Success;
        }

        await using var cluster = embedded is not null
            ? await embedded.ConfigureAwait(false)
            : await GatewayConnection.TryConnectAsync(console, gateway!, parse.GetRequiredValue(options.ClusterId), parse.GetValue(options.ConnectTimeout), tls,
                cancellationToken).ConfigureAwait(false);
        if (cluster is null)
        {
            return MaggCli.RunFailed;
        }

        console.Out.WriteLine(gateway is null ? $"run {plan.Header.RunId} on an embedded silo" : $"run {plan.Header.RunId} on the cluster at {gateway}");
        RunResult result;
        try
        {
            result = await RunProgressDisplay.RunAsync(console, cluster.Client, plan, cancellationToken).ConfigureAwait(false);
        }
        catch (RunRefusedException e)
        {
            return console.Fail(MaggCli.InvalidInput, $"the cluster refused the run: {e.Message}");
        }

        SummaryPrinter.Print(console.Out, result.Summary);
        return result.Summary.Status == RunStatus.Completed ? MaggCli.Success : MaggCli.RunFailed;
    }

    private static async Task StopAsync(Task<MaggCluster>? embedded)
    {
        if (embedded is not null)
        {
            await (await embedded.ConfigureAwait(false)).DisposeAsync().ConfigureAwait(false);
        }
    }
}
