using System.Diagnostics;
using Magg.Orleans.Core.Catalog;
using Magg.Orleans.Core.Config;
using Magg.Orleans.Core.Granules;
using Magg.Orleans.Core.Processing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Magg.Orleans.Benchmarks;

/// <summary>ProcessCell over every cell of the <c>small</c> fixture from local files: wall time and memory.</summary>
internal sealed class ProcessCellBenchmark : IBenchmarkSection
{
    public string Name => "cell";

    public async Task RunAsync(BenchmarkReport report, CancellationToken cancellationToken)
    {
        var catalog = await GranuleCatalog.LoadAsync(Path.Combine(BenchmarkReport.DataRoot, "fixtures", "small", "catalog.json"), cancellationToken)
            .ConfigureAwait(false);
        var pipeline = new CompiledPipeline(BuiltInConfigs.Get("atl06"));
        var cells = catalog.Cells.Select(c => (c.ParentMorton, Granules: c.Granules.Select(g => GranuleLocator.Resolve(g, GranuleDriver.S3, catalog)).ToArray()))
            .ToArray();

        long observations = 0;
        async Task RunAll()
        {
            observations = 0;
            // A new processor each pass: its decoded-chunk cache starts cold, so every pass reads the granules again.
            using var processor = new CellProcessor(new LocalGranuleSource(), TimeProvider.System, NullLogger<CellProcessor>.Instance);
            foreach (var (parent, granules) in cells)
            {
                var result = await processor.ProcessAsync(parent, granules, pipeline, cancellationToken).ConfigureAwait(false);
                observations += result.Outcome.TotalObservations;
            }
        }

        await RunAll().ConfigureAwait(false);
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var seconds = await BenchmarkReport.BestOfAsync(5, RunAll).ConfigureAwait(false);
        var allocated = (GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore) / 5.0;
        using var process = Process.GetCurrentProcess();
        report.Note(Name, $"small fixture: {cells.Length} cells, {cells.Sum(c => c.Granules.Length)} granule reads, {observations:N0} observations, best of 5, cold cache each pass");
        report.Figure(Name, "ProcessCell, all cells of the small fixture", seconds * 1000, "ms");
        report.Figure(Name, "ProcessCell, per cell", seconds * 1000 / cells.Length, "ms");
        report.Figure(Name, "managed allocation per run of the fixture", allocated / 1e6, "MB");
        report.Figure(Name, "peak working set of the process so far", process.PeakWorkingSet64 / 1e6, "MB");
    }
}
