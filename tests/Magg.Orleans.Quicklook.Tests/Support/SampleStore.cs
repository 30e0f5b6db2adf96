using Magg.Orleans.Core.Aggregation;
using Magg.Orleans.Core.Spatial;
using Magg.Orleans.Storage.Objects;
using Magg.Orleans.Storage.Zarr;

namespace Magg.Orleans.Quicklook.Tests.Support;

/// <summary>
/// Small DGGS stores with known values, written by our writer: one float32 variable <c>h</c> (NaN fill) and an int32
/// <c>n</c>, over parent cells chosen by the test; a parent can be left unwritten and single children left empty.
/// </summary>
internal sealed class SampleStore
{
    private SampleStore(DggsLayout layout, long[] parents, Dictionary<long, double> values)
    {
        Layout = layout;
        Parents = parents;
        Values = values;
    }

    public DggsLayout Layout { get; }

    public long[] Parents { get; }

    /// <summary>Value of every child cell holding one, by NESTED id at the child order.</summary>
    public Dictionary<long, double> Values { get; }

    public int ChildOrder => Layout.ChildOrder;

    /// <summary>
    /// Writes parents <paramref name="parents"/> (mortons at <paramref name="parentOrder"/>) whose children at
    /// <paramref name="childOrder"/> get <paramref name="value"/>(parent index, nested, index in chunk), NaN meaning empty; parent
    /// <paramref name="absentParent"/> (an index) writes coordinates only.
    /// </summary>
    public static async Task<SampleStore> WriteAsync(IObjectStore objects, int parentOrder, int childOrder, long[] parents, Func<int, long, int, double> value,
        int? absentParent, CancellationToken ct, bool consolidate = true)
    {
        DggsArray[] arrays =
        [
            new(DggsLayout.CellIdsName, DataType.UInt64, 0),
            new(DggsLayout.MortonName, DataType.Int64, 0),
            new("n", DataType.Int32, 0),
            new("h", DataType.Float32, double.NaN),
        ];
        var layout = new DggsLayout(childOrder, parentOrder, parents.Length, arrays, ChunkCompression.Zstd);
        var store = new ZarrDggsStore(objects, layout);
        await store.PrepareAsync(overwrite: false, ct);
        var values = new Dictionary<long, double>();
        for (var p = 0; p < parents.Length; p++)
        {
            if (p == absentParent)
            {
                continue;
            }

            var mortons = new long[layout.ChunkLength];
            var nested = new ulong[layout.ChunkLength];
            Morton.Children(parents[p], childOrder, mortons, nested);
            var h = new float[layout.ChunkLength];
            var n = new int[layout.ChunkLength];
            for (var i = 0; i < h.Length; i++)
            {
                h[i] = (float)value(p, (long)nested[i], i);
                n[i] = float.IsNaN(h[i]) ? 0 : 1 + i % 5;
                if (!float.IsNaN(h[i]))
                {
                    values[(long)nested[i]] = h[i];
                }
            }

            await store.WriteChunkAsync(p, new ChildTable(parents[p], childOrder,
                new ChildColumn(DggsLayout.CellIdsName, DataType.UInt64, 0, nested),
                new ChildColumn(DggsLayout.MortonName, DataType.Int64, 0, mortons),
                [new ChildColumn("n", DataType.Int32, 0, n), new ChildColumn("h", DataType.Float32, double.NaN, h)]), ct);
        }

        await store.WriteCoordinatesAsync(0, parents, ct);
        if (consolidate)
        {
            await store.ConsolidateAsync(ct);
        }

        return new SampleStore(layout, parents, values);
    }

    /// <summary>The children at the child order of parent <paramref name="index"/>, in chunk order.</summary>
    public long[] Children(int index)
    {
        var mortons = new long[Layout.ChunkLength];
        var nested = new ulong[Layout.ChunkLength];
        Morton.Children(Parents[index], ChildOrder, mortons, nested);
        return Array.ConvertAll(nested, n => (long)n);
    }

    /// <summary>Parent mortons at <paramref name="order"/> holding the given points, in order.</summary>
    public static long[] ParentsAt(int order, params (double Latitude, double Longitude)[] points) =>
        points.Select(p => Morton.FromLatLon(p.Latitude, p.Longitude, order)).Distinct().ToArray();
}
