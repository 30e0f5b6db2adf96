using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Magg.Orleans.Client;
using Magg.Orleans.Core.Spatial;
using Magg.Orleans.Grains.Hosting;
using Magg.Orleans.Grains.Tests;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Orleans.Storage;

namespace Magg.Orleans.Benchmarks;

/// <summary>
/// Per-cell overhead of the Orleans fan-out: agg() over catalogs of trivial cells (no granules: each cell is "No granules
/// found", reads nothing and writes nothing), so the run is planning, the store template, dispatch and bookkeeping.
/// 10,000 order-6 cells at 64 and 256 workers, then 1,000,000 order-9 cells at 256 workers.
/// </summary>
internal sealed class FanoutBenchmark : IBenchmarkSection
{
    private static readonly (int Cells, int ParentOrder, int Workers)[] Cases = [(10_000, 6, 64), (10_000, 6, 256), (1_000_000, 9, 256)];

    public string Name => "fanout";

    public async Task RunAsync(BenchmarkReport report, CancellationToken cancellationToken)
    {
        var folder = Path.Combine(Path.GetTempPath(), $"magg-orleans-bench-fanout-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        var sizes = new ItemSizes();
        try
        {
            report.Note(Name, "trivial cells (no granules), atl06 config, local store; one embedded silo for all cases; every persisted item also "
                + "measured through the silo's default grain-storage serializer (JSON, what DynamoDB stores)");
            var cluster = await MaggCluster.StartEmbeddedAsync(silo =>
            {
                foreach (var name in new[] { MaggStorage.Runs, MaggStorage.Batches, MaggStorage.Cells })
                {
                    silo.Services.AddKeyedSingleton<IGrainStorage>(name, (services, _) => new RecordingGrainStorage(
                        new ProcessGrainStorage(new OrleansGrainStorageSerializer(services.GetRequiredService<Serializer>())),
                        services.GetRequiredService<IGrainStorageSerializer>(), sizes));
                }
            }, cancellationToken: cancellationToken).ConfigureAwait(false);
            await using var stopCluster = cluster.ConfigureAwait(false);
            foreach (var (cells, order, workers) in Cases)
            {
                var catalog = Path.Combine(folder, $"catalog-{cells}.json");
                if (!File.Exists(catalog))
                {
                    await WriteCatalogAsync(catalog, cells, order, cancellationToken).ConfigureAwait(false);
                }

                var label = string.Create(CultureInfo.InvariantCulture, $"{cells:N0} cells, {workers} workers");
                var request = new AggRequest
                {
                    Config = "atl06",
                    Catalog = catalog,
                    Store = Path.Combine(folder, $"store-{cells}-{workers}.zarr"),
                    MaxWorkers = workers,
                    RunId = $"fanout-{cells}-{workers}",
                };
                await MeasureAsync(report, cluster, label, request, sizes, cancellationToken).ConfigureAwait(false);
                Directory.Delete(request.Store, recursive: true);
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private async Task MeasureAsync(BenchmarkReport report, MaggCluster cluster, string label, AggRequest request, ItemSizes sizes, CancellationToken cancellationToken)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var baseline = Environment.WorkingSet;
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: false);
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        using var memory = new WorkingSetSampler(TimeSpan.FromMilliseconds(50));
        var watch = Stopwatch.StartNew();
        var plan = await RunPlanner.PlanAsync(request, TimeProvider.System, cancellationToken).ConfigureAwait(false);
        var planned = watch.Elapsed.TotalSeconds;
        await cluster.Client.SubmitAsync(plan).ConfigureAwait(false);
        var submitted = watch.Elapsed.TotalSeconds;
        double? running = null;
        RunProgress last = null!;
        await foreach (var progress in cluster.Client.WatchAsync(plan.Header.RunId, cancellationToken).ConfigureAwait(false))
        {
            last = progress;
            if (running is null && progress.Status is not (RunStatus.Preparing or RunStatus.Unknown))
            {
                running = watch.Elapsed.TotalSeconds;
            }
        }

        var finished = watch.Elapsed.TotalSeconds;
        var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;
        var allocated = GC.GetTotalAllocatedBytes(precise: false) - allocatedBefore;
        var peak = await memory.StopAsync().ConfigureAwait(false);

        var expected = plan.Batches.SelectMany(b => b.Cells).Select(c => c.ParentMorton).GetEnumerator();
        var results = 0;
        var inOrder = true;
        await foreach (var result in cluster.Client.GetResultsAsync(plan.Header.RunId, cancellationToken).ConfigureAwait(false))
        {
            inOrder &= expected.MoveNext() && expected.Current == result.ParentMorton;
            results++;
        }

        var paged = watch.Elapsed.TotalSeconds - finished;
        expected.Dispose();
        var cells = plan.Header.SelectedCells;
        var largest = sizes.LargestBy(plan.Header.RunId);
        report.Note(Name, $"{label}: {last.Status}, {last.CellsDone:N0} done, {last.CellsFailed} failed, {plan.Batches.Count:N0} batches; "
            + $"{results:N0} results streamed in {(inOrder ? "catalog order" : "WRONG ORDER")}");
        report.Figure(Name, $"{label}: wall time (plan + submit + run)", finished, "s");
        report.Figure(Name, $"{label}: client planning", planned, "s");
        report.Figure(Name, $"{label}: submit (load batches)", submitted - planned, "s");
        report.Figure(Name, $"{label}: prepare (template, batches begun)", (running ?? finished) - submitted, "s");
        report.Figure(Name, $"{label}: fan-out (Running to finished)", finished - (running ?? finished), "s");
        report.Figure(Name, $"{label}: fan-out per cell", (finished - (running ?? finished)) * 1e6 / cells, "us");
        report.Figure(Name, $"{label}: whole run per cell", finished * 1e6 / cells, "us");
        report.Figure(Name, $"{label}: CPU time per cell (process, both cores)", cpu * 1e6 / cells, "us");
        report.Figure(Name, $"{label}: managed allocation per cell", allocated / (double)cells, "bytes");
        report.Figure(Name, $"{label}: peak working set", peak / 1e6, "MB");
        report.Figure(Name, $"{label}: peak working set above idle silo, per cell", (peak - baseline) / (double)cells, "bytes");
        report.Figure(Name, $"{label}: results streamed (pages of one batch)", paged, "s");
        foreach (var (state, bytes) in largest.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            report.Figure(Name, $"{label}: largest persisted '{state}' item", bytes / 1024.0, "KiB");
        }
    }

    /// <summary>A magg catalog of <paramref name="cells"/> valid cells at <paramref name="order"/> (nested ids 0.., as mortons), each with no granules.</summary>
    private static async Task WriteCatalogAsync(string path, int cells, int order, CancellationToken cancellationToken)
    {
        var file = File.Create(path);
        await using (file.ConfigureAwait(false))
        {
            var json = new Utf8JsonWriter(file);
            await using (json.ConfigureAwait(false))
            {
                json.WriteStartObject();
                json.WriteStartObject("metadata");
                json.WriteString("short_name", "ATL06");
                json.WriteNumber("parent_order", order);
                json.WriteNumber("total_cells", cells);
                json.WriteEndObject();
                json.WriteStartObject("catalog");
                for (var nested = 0L; nested < cells; nested++)
                {
                    json.WriteStartArray(Morton.FromNested(nested, order).ToString(CultureInfo.InvariantCulture));
                    json.WriteEndArray();
                    if (json.BytesPending > 1 << 16)
                    {
                        await json.FlushAsync(cancellationToken).ConfigureAwait(false);
                    }
                }

                json.WriteEndObject();
                json.WriteEndObject();
            }
        }
    }
}
