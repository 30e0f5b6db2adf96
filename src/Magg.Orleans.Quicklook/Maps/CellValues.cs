using Magg.Orleans.Core.Aggregation;
using Magg.Orleans.Core.Spatial;
using Magg.Orleans.Storage.Zarr;

namespace Magg.Orleans.Quicklook.Maps;

/// <summary>
/// The cells of one variable that hold a value (finite and not the fill value), with their NESTED ids at the group's
/// order. Only chunks that exist are read (one listing, then one request per chunk).
/// </summary>
internal sealed class CellValues
{
    private CellValues(int order, long[] nested, double[] values)
    {
        Order = order;
        Nested = nested;
        Values = values;
    }

    public int Order { get; }

    public long[] Nested { get; }

    public double[] Values { get; }

    public int Count => Nested.Length;

    public static async Task<CellValues> LoadAsync(ZarrDggsReader reader, ZarrArrayMetadata variable, ZarrArrayMetadata cellIds, int order,
        int concurrency, CancellationToken cancellationToken)
    {
        if (variable.Length != cellIds.Length || variable.ChunkLength != cellIds.ChunkLength)
        {
            throw new QuicklookException(
                $"Array '{variable.Path}' ({variable.Length} in chunks of {variable.ChunkLength}) does not line up with '{cellIds.Path}' ({cellIds.Length} in chunks of {cellIds.ChunkLength}).");
        }

        var chunks = await reader.ListChunksAsync(variable, cancellationToken).ConfigureAwait(false);
        var parts = new (long[] Nested, double[] Values)[chunks.Count];
        var pixels = Healpix.PixelCount(order);
        await Parallel.ForEachAsync(Enumerable.Range(0, chunks.Count),
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, concurrency), CancellationToken = cancellationToken },
            async (i, ct) =>
            {
                var values = await reader.ReadChunkAsync(variable, chunks[i], ct).ConfigureAwait(false);
                var ids = values is null ? null : await reader.ReadChunkAsync(cellIds, chunks[i], ct).ConfigureAwait(false);
                parts[i] = values is null || ids is null ? ([], []) : Select(values, ids, variable, chunks[i], pixels);
            }).ConfigureAwait(false);

        return new CellValues(order, [.. parts.SelectMany(p => p.Nested)], [.. parts.SelectMany(p => p.Values)]);
    }

    private static (long[] Nested, double[] Values) Select(Array values, Array ids, ZarrArrayMetadata variable, long chunk, long pixels)
    {
        var length = (int)Math.Min(variable.ChunkLength, variable.Length - chunk * variable.ChunkLength);
        var nested = new List<long>();
        var kept = new List<double>();
        for (var i = 0; i < length; i++)
        {
            var value = DataTypes.GetDouble(values, i);
            var id = ids is ulong[] unsigned ? (long)Math.Min(unsigned[i], long.MaxValue) : (long)DataTypes.GetDouble(ids, i);
            if (double.IsFinite(value) && !value.Equals(variable.FillValue) && id >= 0 && id < pixels)
            {
                nested.Add(id);
                kept.Add(value);
            }
        }

        return (nested.ToArray(), kept.ToArray());
    }
}
