using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Magg.Orleans.Cli.Output;
using Magg.Orleans.Client;
using Magg.Orleans.Synthetic;

namespace Magg.Orleans.Cli.Commands;

/// <summary><c>demo</c>: synthetic ATL06 granules and a catalog, aggregated on an embedded silo.</summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        var folder = new Option<DirectoryInfo>("--folder")
        {
            Description = "Where the granules, catalog and store go",
            DefaultValueFactory = _ => new DirectoryInfo(Path.Combine(Path.GetTempPath(), "magg-orleans-demo")),
        };
        var cells = new Option<int>("--cells") { Description = "Parent cells of the synthetic region", DefaultValueFactory = _ => DemoOptions.Antarctica.ParentCells };
        var observations = new Option<long>("--observations") { Description = "Approximate observations in total", DefaultValueFactory = _ => DemoOptions.Antarctica.TargetObservations };
        var workers = new Option<int>("--max-workers") { Description = "Cells processed at once", DefaultValueFactory = _ => Environment.ProcessorCount };
        var command = new Command("demo", "Generate synthetic ATL06 granules, aggregate them on an embedded silo and print the summary")
        {
            folder, cells, observations, workers,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var console = new CliConsole(parse);
            var root = parse.GetRequiredValue(folder).FullName;
            var watch = Stopwatch.StartNew();
            var data = Path.Combine(root, "data");
            if (Directory.Exists(data))
            {
                Directory.Delete(data, recursive: true);
            }

            var options = DemoOptions.Antarctica with { ParentCells = parse.GetValue(cells), TargetObservations = parse.GetValue(observations) };
            DemoDataset dataset;
            try
            {
                options.Validate();
                dataset = await DemoDatasetBuilder.CreateAsync(data, options, cancellationToken).ConfigureAwait(false);
            }
            catch (ArgumentException e)
            {
                return console.Fail(MaggCli.InvalidInput, e.Message);
            }

            console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"generated {dataset.Cells.Count} cells, {dataset.Granules.Count} granules, {dataset.ExpectedObservations:N0} good observations in {watch.Elapsed.TotalSeconds:F1} s: {dataset.CatalogPath}"));

            var request = new AggRequest
            {
                Config = "atl06",
                Catalog = dataset.CatalogPath,
                Store = Path.Combine(root, "demo.zarr"),
                MaxWorkers = parse.GetValue(workers),
                Overwrite = true,
            };
            var plan = await RunPlanner.PlanAsync(request, TimeProvider.System, cancellationToken).ConfigureAwait(false);
            await using var cluster = await MaggCluster.StartEmbeddedAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            var result = await RunProgressDisplay.RunAsync(console, cluster.Client, plan, cancellationToken).ConfigureAwait(false);
            SummaryPrinter.Print(console.Out, result.Summary);
            var matches = result.Summary.TotalObs == dataset.ExpectedObservations;
            console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"observations {(matches ? "match" : "DO NOT match")} the generator's ground truth ({dataset.ExpectedObservations:N0})"));
            console.Out.WriteLine($"open it with: xarray.open_zarr(\"{request.Store}\", group=\"12\")");
            return result.Summary.Status == RunStatus.Completed && matches ? MaggCli.Success : MaggCli.RunFailed;
        });
        return command;
    }
}
