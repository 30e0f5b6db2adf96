using Magg.Orleans.Core.Aggregation;
using Magg.Orleans.Core.Catalog;
using Magg.Orleans.Core.Config;
using Magg.Orleans.Core.Granules;
using Magg.Orleans.Core.Processing;
using Magg.Orleans.Storage.Objects;
using Magg.Orleans.Storage.Zarr;
using Magg.Orleans.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

namespace Magg.Orleans.Storage.Tests.Support;

/// <summary>A whole run over the <c>small</c> fixture, written the way the cluster writes it.</summary>
internal static class SmallFixtureStore
{
    /// <summary>
    /// Processes every catalog cell from the local granules and writes its chunk at its catalog index (except
    /// <paramref name="skippedCell"/>, written as a cell without data), the coordinates of every cell, then consolidates.
    /// </summary>
    public static async Task<(ZarrDggsStore Store, GranuleCatalog Catalog, ChildTable?[] Tables)> WriteAsync(
        IObjectStore objects, ChunkCompression compression, int? skippedCell, CancellationToken ct)
    {
        var catalog = await GranuleCatalog.LoadAsync(Path.Combine(TestData.Fixture("small"), "catalog.json"), ct);
        var config = Layouts.ReferenceConfig;
        var store = new ZarrDggsStore(objects, new DggsLayout(config, catalog.Metadata.ParentOrder, catalog.TotalCells, compression));
        await store.PrepareAsync(overwrite: false, ct);

        var pipeline = new CompiledPipeline(config);
        var processor = new CellProcessor(new LocalGranuleSource(), TimeProvider.System, NullLogger<CellProcessor>.Instance);
        var tables = new ChildTable?[catalog.TotalCells];
        foreach (var cell in catalog.Cells)
        {
            if (cell.ChunkIndex == skippedCell)
            {
                continue;
            }

            var addresses = cell.Granules.Select(g => GranuleLocator.Resolve(g, GranuleDriver.S3, catalog)).ToArray();
            var result = await processor.ProcessAsync(cell.ParentMorton, addresses, pipeline, ct);
            Assert.Null(result.Outcome.Error);
            tables[cell.ChunkIndex] = result.Table!;
            await store.WriteChunkAsync(cell.ChunkIndex, result.Table!, ct);
        }

        await store.WriteCoordinatesAsync(0, catalog.Cells.Select(c => c.ParentMorton).ToArray(), ct);
        await store.ConsolidateAsync(ct);
        return (store, catalog, tables);
    }
}
