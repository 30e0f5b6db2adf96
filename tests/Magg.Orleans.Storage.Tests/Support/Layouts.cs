using Magg.Orleans.Core.Aggregation;
using Magg.Orleans.Core.Config;
using Magg.Orleans.Core.Spatial;
using Magg.Orleans.Storage.Zarr;
using Magg.Orleans.TestSupport;

namespace Magg.Orleans.Storage.Tests.Support;

/// <summary>Layouts and child tables for store tests.</summary>
internal static class Layouts
{
    /// <summary>The small fixture's parent cells, in catalog order.</summary>
    public static readonly long[] SmallParents = [-6121212, -6121211, -6121122, -3131311, -3131133];

    public static PipelineConfig ReferenceConfig { get; } = PipelineConfigLoader.Parse(File.ReadAllText(TestData.ReferenceConfig), "atl06.yaml");

    public static DggsLayout Reference(int totalCells = 5, ChunkCompression compression = ChunkCompression.None) =>
        new(ReferenceConfig, 6, totalCells, compression);

    /// <summary>A table with the layout's columns: true coordinates and deterministic pseudo-random variables (some fill values).</summary>
    public static ChildTable Table(DggsLayout layout, long parentMorton, int seed)
    {
        var random = new Random(seed);
        var mortons = new long[layout.ChunkLength];
        var nested = new ulong[layout.ChunkLength];
        Morton.Children(parentMorton, layout.ChildOrder, mortons, nested);
        var variables = layout.Arrays.Skip(2).Select(array =>
        {
            var values = array.DataType.CreateArray(layout.ChunkLength);
            for (var i = 0; i < values.Length; i++)
            {
                var value = random.Next(10) == 0 ? double.NaN : random.NextDouble() * 2000 - 1000;
                DataTypes.Store(values, i, value, array.FillValue);
            }

            return new ChildColumn(array.Name, array.DataType, array.FillValue, values);
        }).ToArray();
        return new ChildTable(parentMorton, layout.ChildOrder,
            new ChildColumn(DggsLayout.CellIdsName, DataType.UInt64, 0, nested),
            new ChildColumn(DggsLayout.MortonName, DataType.Int64, 0, mortons),
            variables);
    }
}
