using System.Globalization;
using System.Text.Json.Nodes;
using Magg.Orleans.Client;
using Magg.Orleans.Core.Spatial;
using Magg.Orleans.Grains.Hosting;
using Magg.Orleans.Grains.Runs;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

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
                ("256 workers", 256, null),
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
                MeasureBatchStateWrite(report, cluster);
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

    /// <summary>
    /// What one persisted write of a full batch's state costs in the silo's grain-storage serializer: a batch grain
    /// writes its whole state twice per cell (on completion and on dispatch), one batch at a time.
    /// </summary>
    private void MeasureBatchStateWrite(BenchmarkReport report, MaggCluster cluster)
    {
        var serializer = cluster.Services.GetRequiredService<IGrainStorageSerializer>();
        var size = RunPlanner.MaxCellsPerBatch;
        var planned = Enumerable.Range(0, size).Select(i => new PlannedCell(i, Morton.FromNested(i, ParentOrder), [])).ToArray();
        var state = new BatchState
        {
            Plan = new BatchPlan(0, 0, planned.Select(c => c.ParentMorton).ToArray(), planned),
            Cells = planned.Select(c => new BatchCell
            {
                Status = BatchCellStatus.Done,
                Attempt = 1,
                Metadata = new CellMetadata(c.ParentMorton, 0, 0, 0, 0, 0.0001, "No granules found", 0, 0, []),
            }).ToArray(),
            Begun = true,
        };
        var bytes = serializer.Serialize(state).ToMemory().Length;
        var seconds = BenchmarkReport.BestOf(20, () => serializer.Serialize(state));
        report.Note(Name, $"grain storage serializer: {serializer.GetType().Name}; a {size}-cell batch state (no run context) is {bytes / 1024.0:F0} KiB");
        report.Figure(Name, $"serialize one {size}-cell batch state (best of 20)", seconds * 1e6, "us");
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
