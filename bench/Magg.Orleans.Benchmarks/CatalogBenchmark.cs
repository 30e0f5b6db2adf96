using System.Diagnostics;
using Magg.Orleans.Catalog;
using Magg.Orleans.Catalog.Cmr;
using Magg.Orleans.TestSupport.Cmr;

namespace Magg.Orleans.Benchmarks;

/// <summary>
/// The catalog builder: 15,000 ATL06-like granules (footprints along 92° ground tracks) over the Antarctic cap at order 6,
/// served in UMM-JSON pages of 2000 by a CMR look-alike on loopback. Target: the whole build under 5 s.
/// </summary>
internal sealed class CatalogBenchmark : IBenchmarkSection
{
    private const int Granules = 15_000;

    public string Name => "catalog";

    public async Task RunAsync(BenchmarkReport report, CancellationToken cancellationToken)
    {
        var items = UmmGranules.Cycle(Granules, seed: 22, -88, -60);
        var cmr = await FakeCmrServer.StartAsync(items, cancellationToken: cancellationToken).ConfigureAwait(false);
        await using var stopCmr = cmr.ConfigureAwait(false);
        var query = CatalogQuery.ForCycle(22) with { CmrUrl = cmr.SearchRoot };
        var folder = Path.Combine(Path.GetTempPath(), $"magg-bench-catalog-{Guid.NewGuid():N}");
        try
        {
            BuiltCatalog? catalog = null;
            var best = double.MaxValue;
            var bestCpu = double.MaxValue;
            using var process = Process.GetCurrentProcess();
            for (var run = 0; run < 5; run++)
            {
                // A new builder each time: nothing (cell shapes included) is carried over between runs.
                process.Refresh();
                var cpu = process.TotalProcessorTime;
                var watch = Stopwatch.StartNew();
                catalog = await new CatalogBuilder(new CmrClientOptions()).BuildAsync(query, cancellationToken: cancellationToken).ConfigureAwait(false);
                best = Math.Min(best, watch.Elapsed.TotalSeconds);
                process.Refresh();
                bestCpu = Math.Min(bestCpu, (process.TotalProcessorTime - cpu).TotalSeconds);
            }

            var summary = catalog!.Summary;
            var json = await BenchmarkReport.BestOfAsync(3, () => catalog.SaveAsync(Path.Combine(folder, "catalog.json"), cancellationToken)).ConfigureAwait(false);
            var parquet = await BenchmarkReport.BestOfAsync(3, () => catalog.SaveAsync(Path.Combine(folder, "catalog.parquet"), cancellationToken)).ConfigureAwait(false);
            report.Note(Name, $"{Granules:N0} granules over the Antarctic cap, order 6, pages of 2000 from a local CMR look-alike; best of 5 builds");
            report.Figure(Name, "build (cover + search + intersect), target < 5 s", best, "s");
            report.Figure(Name, "CPU time of a build (builder and the look-alike server)", bestCpu, "s");
            report.Figure(Name, "  cover the cap (last run)", summary.CoverTime.TotalSeconds, "s");
            report.Figure(Name, "  search: 8 pages of UMM-JSON (last run)", summary.SearchTime.TotalSeconds, "s");
            report.Figure(Name, "  intersect: the tail after the last page (last run)", summary.IntersectTime.TotalSeconds, "s");
            report.Figure(Name, "granules per second (build)", Granules / best, "granules/s");
            report.Figure(Name, "catalog cells / granule-cell pairs", summary.Cells, $"cells, {catalog.Cells.Sum(c => c.Value.Count):N0} pairs");
            report.Figure(Name, "write JSON", json, "s");
            report.Figure(Name, "write GeoParquet", parquet, "s");
        }
        finally
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }
}
