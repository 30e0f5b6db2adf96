using System.Diagnostics;
using Magg.Orleans.Client;
using Magg.Orleans.Synthetic;
using PureHDF;

namespace Magg.Orleans.Benchmarks;

/// <summary>
/// agg() end to end on the Antarctica demo data set (about 40 cells, 2 M segments) through an embedded silo: wall time,
/// throughput, memory, a repeated run with every cell up to date, and the ratio to a single-threaded HDF5 decode floor.
/// </summary>
internal sealed class EndToEndBenchmark : IBenchmarkSection
{
    private static readonly string[] DecodedDatasets = ["latitude", "longitude", "h_li", "h_li_sigma", "atl06_quality_summary"];

    public string Name => "e2e";

    public async Task RunAsync(BenchmarkReport report, CancellationToken cancellationToken)
    {
        var folder = Path.Combine(Path.GetTempPath(), $"magg-orleans-bench-e2e-{Guid.NewGuid():N}");
        try
        {
            var watch = Stopwatch.StartNew();
            var dataset = await DemoDatasetBuilder.CreateAsync(Path.Combine(folder, "data"), DemoOptions.Antarctica, cancellationToken).ConfigureAwait(false);
            var generationSeconds = watch.Elapsed.TotalSeconds;
            report.Note(Name, $"DemoOptions.Antarctica: {dataset.Cells.Count} cells, {dataset.Granules.Count} granules ({dataset.Bytes / 1e6:F1} MB), "
                + $"{dataset.Observations:N0} segments written, {dataset.ExpectedObservations:N0} expected total_obs");
            report.Figure(Name, "demo data set generation", generationSeconds, "s");

            var decode = DecodeFloor(dataset);
            report.Figure(Name, "decode floor: read 5 datasets x 6 beams of every granule, 1 thread", decode.Seconds, "s");
            report.Figure(Name, "decode floor: segments decoded per second", decode.Rows / decode.Seconds, "segments/s");
            var opens = dataset.Cells.Sum(c => c.Granules.Count);
            report.Figure(Name, "granule opens per run (sum over cells) / granules", opens / (double)dataset.Granules.Count, "x");

            watch.Restart();
            var cluster = await MaggCluster.StartEmbeddedAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            await using var stopCluster = cluster.ConfigureAwait(false);
            report.Figure(Name, "embedded silo start", watch.Elapsed.TotalSeconds, "s");

            var request = new AggRequest
            {
                Config = "atl06",
                Catalog = dataset.CatalogPath,
                Store = Path.Combine(folder, "demo.zarr"),
                MaxWorkers = Environment.ProcessorCount,
                Overwrite = true,
            };
            report.Note(Name, $"agg(config=atl06, max_workers={request.MaxWorkers}, overwrite=true), local store, no compression; first run includes JIT");
            var first = await TimedRun.RunAsync(cluster, request, cancellationToken).ConfigureAwait(false);
            var summary = first.Summary;
            report.Note(Name, $"run 1: {summary.Status}, {summary.CellsWithData} of {summary.TotalCells} cells with data, {summary.CellsError} failed; "
                + $"total_obs {summary.TotalObs:N0} vs ground truth {dataset.ExpectedObservations:N0}: {(summary.TotalObs == dataset.ExpectedObservations ? "MATCH" : "MISMATCH")}");
            report.Figure(Name, "run 1: wall time (plan + submit + run, client side)", first.WallSeconds, "s");
            report.Figure(Name, "run 1: run wall time (RunSummary.WallTimeSeconds, silo side)", summary.WallTimeSeconds, "s");
            report.Figure(Name, "run 1: until store template ready (plan + prepare)", first.PreparedSeconds, "s");
            report.Figure(Name, "run 1: cells per second", summary.TotalCells / first.WallSeconds, "cells/s");
            report.Figure(Name, "run 1: observations per second (total_obs / wall)", summary.TotalObs / first.WallSeconds, "obs/s");
            report.Figure(Name, "run 1: segments read per second (all granule rows / wall)", decode.Rows / first.WallSeconds, "segments/s");
            report.Figure(Name, "run 1: total_obs", summary.TotalObs, "obs");
            report.Figure(Name, "run 1: ground truth total_obs", dataset.ExpectedObservations, "obs");
            report.Figure(Name, "run 1: peak working set (sampled every 20 ms)", first.PeakWorkingSet / 1e6, "MB");
            report.Figure(Name, "run 1: wall time / decode floor", first.WallSeconds / decode.Seconds, "x");

            var second = await TimedRun.RunAsync(cluster, request with { Overwrite = false }, cancellationToken).ConfigureAwait(false);
            report.Note(Name, $"run 2: identical but overwrite=false (overwrite=true deletes the chunks), {second.Summary.Status}, "
                + $"total_obs {second.Summary.TotalObs:N0}");
            report.Figure(Name, "run 2 (all cells up to date): wall time", second.WallSeconds, "s");
            report.Figure(Name, "run 2 (all cells up to date): cells per second", second.Summary.TotalCells / second.WallSeconds, "cells/s");

            var third = await TimedRun.RunAsync(cluster, request, cancellationToken).ConfigureAwait(false);
            report.Figure(Name, "run 3 (overwrite=true again, warm JIT): wall time", third.WallSeconds, "s");
            report.Figure(Name, "run 3 (overwrite=true again, warm JIT): observations per second", third.Summary.TotalObs / third.WallSeconds, "obs/s");
            report.Figure(Name, "run 3 (overwrite=true again, warm JIT): wall time / decode floor", third.WallSeconds / decode.Seconds, "x");
            report.Figure(Name, "process peak working set (VmHWM, includes generation)", Process.GetCurrentProcess().PeakWorkingSet64 / 1e6, "MB");
        }
        finally
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    /// <summary>Reads every granule's aggregated datasets once, in their stored types, on one thread.</summary>
    private static (double Seconds, long Rows) DecodeFloor(DemoDataset dataset)
    {
        var paths = dataset.Granules.Select(g => Path.Combine(dataset.Folder, g)).ToArray();
        long rows = 0;
        var watch = Stopwatch.StartNew();
        foreach (var path in paths)
        {
            using var file = H5File.OpenRead(path);
            foreach (var beam in Atl06Layout.Groups)
            {
                foreach (var name in DecodedDatasets)
                {
                    var column = file.Dataset($"/{beam}/{Atl06Layout.SegmentsGroup}/{name}");
                    var length = name switch
                    {
                        "latitude" or "longitude" => column.Read<double[]>().Length,
                        "atl06_quality_summary" => column.Read<sbyte[]>().Length,
                        _ => column.Read<float[]>().Length,
                    };
                    rows += name == "latitude" ? length : 0;
                }
            }
        }

        return (watch.Elapsed.TotalSeconds, rows);
    }
}
