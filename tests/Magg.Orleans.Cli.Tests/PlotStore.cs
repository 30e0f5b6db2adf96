using System.Text;
using System.Text.Json.Nodes;
using Magg.Orleans.Core.Aggregation;
using Magg.Orleans.Core.Spatial;
using Magg.Orleans.Storage.Objects;
using Magg.Orleans.Storage.Zarr;

namespace Magg.Orleans.Cli.Tests;

/// <summary>A small DGGS store for <c>plot</c>: two order-4 parents near 75 S, order-8 children, <c>h_mean</c> = 100 + index (in metres).</summary>
public static class PlotStore
{
    public static readonly long[] Parents = [Morton.FromLatLon(-75, 10, 4), Morton.FromLatLon(-75, 25, 4)];

    public static async Task WriteAsync(IObjectStore objects, CancellationToken ct)
    {
        var layout = new DggsLayout(8, 4, Parents.Length,
            [new(DggsLayout.CellIdsName, DataType.UInt64, 0), new(DggsLayout.MortonName, DataType.Int64, 0), new("h_mean", DataType.Float32, double.NaN)]);
        var store = new ZarrDggsStore(objects, layout);
        await store.PrepareAsync(overwrite: false, ct);
        for (var p = 0; p < Parents.Length; p++)
        {
            var mortons = new long[layout.ChunkLength];
            var nested = new ulong[layout.ChunkLength];
            Morton.Children(Parents[p], layout.ChildOrder, mortons, nested);
            var values = Enumerable.Range(0, layout.ChunkLength).Select(i => 100f + i + p * 256).ToArray();
            await store.WriteChunkAsync(p, new ChildTable(Parents[p], layout.ChildOrder,
                new ChildColumn(DggsLayout.CellIdsName, DataType.UInt64, 0, nested),
                new ChildColumn(DggsLayout.MortonName, DataType.Int64, 0, mortons),
                [new ChildColumn("h_mean", DataType.Float32, double.NaN, values)]), ct);
        }

        // Units, as a CF-minded producer would record them.
        var key = layout.ArrayMetadataKey("h_mean");
        var document = JsonNode.Parse((await objects.ReadAsync(key, ct))!)!;
        document["attributes"]!["units"] = "m";
        await objects.WriteAsync(key, Encoding.UTF8.GetBytes(document.ToJsonString()), ct);
        await store.ConsolidateAsync(ct);
    }
}
