using System.CommandLine;
using System.Diagnostics;
using Magg.Orleans.Catalog;
using Magg.Orleans.Catalog.Cmr;
using Magg.Orleans.Cli.Output;
using Magg.Orleans.Core.Config;

namespace Magg.Orleans.Cli.Commands;

/// <summary><c>catalog</c>: builds a granule catalog from NASA CMR, intersected on the sphere.</summary>
internal static class CatalogCommand
{
    public static Command Create()
    {
        var options = new CatalogOptions();
        var command = new Command("catalog", "Build a granule catalog (JSON or GeoParquet) from NASA CMR for a time window and an area of interest");
        options.AddTo(command);
        command.SetAction((parse, cancellationToken) => RunAsync(parse, options, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, CatalogOptions options, CancellationToken cancellationToken)
    {
        var console = new CliConsole(parse);
        var watch = Stopwatch.StartNew();
        CatalogQuery query;
        try
        {
            query = await options.ToQueryAsync(parse, cancellationToken).ConfigureAwait(false);
            query.Validate();
        }
        catch (Exception e) when (e is CatalogInputException or ConfigException)
        {
            return console.Fail(MaggCli.InvalidInput, e.Message);
        }

        var output = parse.GetValue(options.Output) ?? query.DefaultFileName;
        console.Out.WriteLine($"area: {query.Area.Description}; CMR bounding_box {query.Area.Box.ToCmr()}");
        console.Out.WriteLine($"searching {query.ShortName} {query.Version} ({query.Provider}) {query.StartDate:yyyy-MM-dd} .. {query.EndDate:yyyy-MM-dd} at {query.CmrUrl}");
        var retries = parse.GetValue(options.Retries);
        if (retries is < 0 or > 20)
        {
            return console.Fail(MaggCli.InvalidInput, $"--retries {retries} must be in 0..20.");
        }

        var cmr = new CmrClientOptions { EarthdataToken = Environment.GetEnvironmentVariable("EARTHDATA_TOKEN"), MaxRetryAttempts = retries };
        var builder = new CatalogBuilder(cmr);
        BuiltCatalog catalog;
        try
        {
            catalog = await CatalogProgressDisplay.RunAsync(console, builder, query, cancellationToken).ConfigureAwait(false);
        }
        catch (CatalogInputException e)
        {
            return console.Fail(MaggCli.InvalidInput, e.Message);
        }
        catch (CatalogSearchException e)
        {
            return console.Fail(MaggCli.RunFailed, e.Message);
        }

        var writing = Stopwatch.StartNew();
        try
        {
            await catalog.SaveAsync(output, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return console.Fail(MaggCli.RunFailed, $"cannot write '{output}': {e.Message}");
        }

        CatalogSummaryPrinter.Print(console.Out, catalog.Summary, Path.GetFullPath(output), writing.Elapsed, watch.Elapsed);
        return MaggCli.Success;
    }
}
