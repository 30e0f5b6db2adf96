using System.Globalization;
using System.Text.Json.Nodes;
using Magg.Orleans.Client;
using Magg.Orleans.Core.Spatial;
using Magg.Orleans.Grains.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Magg.Orleans.Benchmarks;

/// <summary>
/// Per-cell overhead of the Orleans fan-out: agg() over 10,000 order-6 cells that list no granules, so each cell is
/// "No granules found" (no chunk written) and the run is planning, the store template, dispatch and bookkeeping.
/// </summary>
internal sealed class FanoutBenchmark : IBenchmarkSection
{
    private const int Cells = 10_000;
    private const int ParentOrder = 6;

    public string Name => "fanout";

    public async Task RunAsync(BenchmarkReport report, CancellationToken cancellationToken)
    {
        var folder = Path.Combine(Path.GetTempPath(), $"magg-orleans-bench-fanout-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        try
        {
            var catalog = Path.Combine(folder, "catalog.json");
            await File.WriteAllTextAsync(catalog, CatalogJson(), cancellationToken).ConfigureAwait(false);
            report.Note(Name, $"{Cells:N0} order-{ParentOrder} cells with no granules (trivial cells), atl06 config, local store, no compression");

            var runs = new (string Label, int Workers, TimeSpan? Tick)[]
            {
                ("64 workers (cold JIT)", 64, null),
                ("64 workers", 64, null),
                ("256 workers", 256, null),
                ("64 workers, tick 50 ms", 64, TimeSpan.FromMilliseconds(50)),
            };
            var index = 0;
            foreach (var group in runs.GroupBy(r => r.Tick))
            {
                var tick = group.Key;
                var cluster = await MaggCluster.StartEmbeddedAsync(silo => silo.Services.Configure<RunOptions>(o =>
                {
                    if (tick is { } period)
                    {
                        o.TickPeriod = period;
                    }
                }), cancellationToken: cancellationToken).ConfigureAwait(false);
                await using var stopCluster = cluster.ConfigureAwait(false);
                foreach (var (label, workers, _) in group)
                {
                    var request = new AggRequest
                    {
                        Config = "atl06",
                        Catalog = catalog,
                        Store = Path.Combine(folder, $"store-{index++}.zarr"),
                        MaxWorkers = workers,
                        Overwrite = true,
                    };
                    var timing = await TimedRun.RunAsync(cluster, request, cancellationToken).ConfigureAwait(false);
                    Report(report, label, timing);
                    Directory.Delete(request.Store, recursive: true);
                }
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private void Report(BenchmarkReport report, string label, RunTiming timing)
    {
        var summary = timing.Summary;
        var prepare = timing.PreparedSeconds - timing.PlanSeconds;
        var fanout = timing.WallSeconds - timing.PreparedSeconds;
        report.Note(Name, $"{label}: {summary.Status}, {summary.TotalCells:N0} cells, {summary.CellsWithData} with data, {summary.CellsError} failed");
        report.Figure(Name, $"{label}: wall time (plan + submit + run)", timing.WallSeconds, "s");
        report.Figure(Name, $"{label}: cells per second (whole run)", summary.TotalCells / timing.WallSeconds, "cells/s");
        report.Figure(Name, $"{label}: wall time per cell (whole run)", timing.WallSeconds * 1e6 / summary.TotalCells, "us");
        report.Figure(Name, $"{label}: client planning", timing.PlanSeconds, "s");
        report.Figure(Name, $"{label}: template + coordinate chunks (until Running)", prepare, "s");
        report.Figure(Name, $"{label}: template share of wall time", prepare / timing.WallSeconds * 100, "%");
        report.Figure(Name, $"{label}: fan-out (Running to finished, incl. consolidate)", fanout, "s");
        report.Figure(Name, $"{label}: fan-out overhead per cell", fanout * 1e6 / summary.TotalCells, "us");
        report.Figure(Name, $"{label}: fan-out cells per second", summary.TotalCells / fanout, "cells/s");
    }

    /// <summary>A magg catalog of <see cref="Cells"/> valid order-6 cells (nested ids 0.., as mortons), each with no granules.</summary>
    private static string CatalogJson()
    {
        var cells = new JsonObject();
        for (var nested = 0L; nested < Cells; nested++)
        {
            cells[Morton.FromNested(nested, ParentOrder).ToString(CultureInfo.InvariantCulture)] = new JsonArray();
        }

        var root = new JsonObject
        {
            ["metadata"] = new JsonObject
            {
                ["short_name"] = "ATL06",
                ["version"] = "006",
                ["parent_order"] = ParentOrder,
                ["total_cells"] = Cells,
            },
            ["catalog"] = cells,
        };
        return root.ToJsonString();
    }
}
