using System.Runtime.InteropServices;
using Magg.Orleans.Core.Catalog;
using Magg.Orleans.Core.Config;
using Magg.Orleans.Core.Spatial;
using Magg.Orleans.Storage.Objects;
using Magg.Orleans.Storage.Zarr;

namespace Magg.Orleans.Grains.Tests;

/// <summary>Checks on a written store.</summary>
public static class StoreAssert
{
    /// <summary>Every chunk's <c>morton</c> coordinates are the children of the catalog cell at that chunk index.</summary>
    public static async Task HasCoordinatesOfAsync(string store, string catalogPath, CancellationToken ct)
    {
        var catalog = await GranuleCatalog.LoadAsync(catalogPath, ct);
        using var objects = ObjectStoreFactory.Open(store);
        var zarr = new ZarrDggsStore(objects, new DggsLayout(BuiltInConfigs.Get("atl06"), catalog.Metadata.ParentOrder, catalog.TotalCells));
        foreach (var cell in catalog.Cells)
        {
            var expected = new long[zarr.Layout.ChunkLength];
            Morton.Children(cell.ParentMorton, zarr.Layout.ChildOrder, expected, new ulong[expected.Length]);
            var stored = await zarr.ReadChunkAsync(DggsLayout.MortonName, cell.ChunkIndex, ct);
            Assert.True(stored is not null && MemoryMarshal.Cast<byte, long>(stored).SequenceEqual(expected), $"chunk {cell.ChunkIndex} does not hold cell {cell.ParentMorton}");
        }
    }
}
