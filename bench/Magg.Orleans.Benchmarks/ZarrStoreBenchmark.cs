using Amazon.S3.Model;
using Magg.Orleans.Core.Aggregation;
using Magg.Orleans.Core.Config;
using Magg.Orleans.Core.Spatial;
using Magg.Orleans.Storage.Objects;
using Magg.Orleans.Storage.Zarr;

namespace Magg.Orleans.Benchmarks;

/// <summary>Zarr DGGS store: whole-cell chunk writes per second into a local folder and into S3 (moto_server, when installed).</summary>
internal sealed class ZarrStoreBenchmark : IBenchmarkSection
{
    private const int LocalCells = 256;
    private const int S3Cells = 64;
    private const int Writers = 16;

    public string Name => "store";

    public async Task RunAsync(BenchmarkReport report, CancellationToken cancellationToken)
    {
        var config = BuiltInConfigs.Get("atl06");
        var folder = Path.Combine(Path.GetTempPath(), $"magg-orleans-bench-store-{Guid.NewGuid():N}");
        try
        {
            report.Note(Name, $"atl06 layout (11 arrays, 4096 children per cell), {Writers} concurrent writers, best of 3");
            foreach (var compression in new[] { ChunkCompression.None, ChunkCompression.Zstd })
            {
                using var local = new LocalObjectStore(folder);
                await MeasureAsync(report, $"local folder, {Label(compression)}", local, config, LocalCells, compression, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }

        await RunS3Async(report, config, cancellationToken).ConfigureAwait(false);
    }

    private async Task RunS3Async(BenchmarkReport report, PipelineConfig config, CancellationToken cancellationToken)
    {
        if (LocalMotoServer.Executable is not { } executable)
        {
            report.Note(Name, "S3 skipped: moto_server is not on the PATH (pip install \"moto[server]\")");
            return;
        }

        var moto = await LocalMotoServer.StartAsync(executable, cancellationToken).ConfigureAwait(false);
        await using (moto.ConfigureAwait(false))
        {
            using var client = moto.CreateS3Client();
            await client.PutBucketAsync(new PutBucketRequest { BucketName = "bench", BucketRegionName = LocalMotoServer.Region }, cancellationToken).ConfigureAwait(false);
            using var s3 = new S3ObjectStore(client, "bench", "store.zarr");
            await MeasureAsync(report, "S3 (moto_server on loopback), zstd", s3, config, S3Cells, ChunkCompression.Zstd, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task MeasureAsync(BenchmarkReport report, string label, IObjectStore objects, PipelineConfig config, int cells,
        ChunkCompression compression, CancellationToken cancellationToken)
    {
        var store = new ZarrDggsStore(objects, new DggsLayout(config, 6, cells, compression));
        await store.PrepareAsync(overwrite: true, cancellationToken).ConfigureAwait(false);
        var tables = Enumerable.Range(0, cells).Select(i => Table(store.Layout, Morton.FromNested(33000 + i, 6), i)).ToArray();
        var seconds = await BenchmarkReport.BestOfAsync(3, () => Parallel.ForEachAsync(Enumerable.Range(0, cells),
            new ParallelOptions { MaxDegreeOfParallelism = Writers, CancellationToken = cancellationToken },
            async (i, ct) => await store.WriteChunkAsync(i, tables[i], ct).ConfigureAwait(false))).ConfigureAwait(false);
        var consolidate = await BenchmarkReport.BestOfAsync(3, () => store.ConsolidateAsync(cancellationToken)).ConfigureAwait(false);
        var rawMegabytes = tables.Sum(t => t.Columns.Sum(c => (long)c.Bytes.Length)) / 1e6;
        report.Figure(Name, $"{label}: cells (all arrays) written", cells / seconds, "cells/s");
        report.Figure(Name, $"{label}: array chunks written", cells * store.Layout.Arrays.Count / seconds, "chunks/s");
        report.Figure(Name, $"{label}: uncompressed throughput", rawMegabytes / seconds, "MB/s");
        report.Figure(Name, $"{label}: consolidate metadata", consolidate * 1000, "ms");
    }

    /// <summary>A realistic chunk: true coordinates, mostly-empty children (fill values) and smooth heights elsewhere.</summary>
    private static ChildTable Table(DggsLayout layout, long parent, int seed)
    {
        var random = new Random(seed);
        var mortons = new long[layout.ChunkLength];
        var nested = new ulong[layout.ChunkLength];
        Morton.Children(parent, layout.ChildOrder, mortons, nested);
        var hasData = Enumerable.Range(0, layout.ChunkLength).Select(_ => random.Next(4) == 0).ToArray();
        var variables = layout.Arrays.Skip(2).Select(array =>
        {
            var values = array.DataType.CreateArray(layout.ChunkLength);
            for (var i = 0; i < values.Length; i++)
            {
                var value = hasData[i] ? 1000 + 50 * Math.Sin(i / 64.0) + random.NextDouble() : array.FillValue;
                DataTypes.Store(values, i, value, array.FillValue);
            }

            return new ChildColumn(array.Name, array.DataType, array.FillValue, values);
        }).ToArray();
        return new ChildTable(parent, layout.ChildOrder, new ChildColumn("cell_ids", DataType.UInt64, 0, nested),
            new ChildColumn("morton", DataType.Int64, 0, mortons), variables);
    }

    private static string Label(ChunkCompression compression) => compression.ToString().ToLowerInvariant();
}
