using System.Diagnostics;
using System.Numerics;
using PureHDF.Selections;
using PureHDF.VOL.Native;

namespace Magg.Orleans.Core.Granules;

/// <summary>
/// One 1-D numeric dataset of a granule, read chunk by chunk in its stored type: a chunk is decoded by PureHDF once
/// (chunk index lookup, inflate, unshuffle) and, when kept, shared through the <see cref="DecodedChunkCache"/>.
/// </summary>
internal sealed class GranuleColumn(GranuleFile file, string path, ColumnFacts facts)
{
    public string Path => path;

    public ColumnFacts Facts => facts;

    public int Rows => facts.Rows;

    /// <summary>
    /// Chunk <paramref name="chunk"/> (rows <c>chunk * ChunkRows</c> on) as an array of the stored type, shared through
    /// the cache when <paramref name="keep"/> is set. Dispose the lease when done with the values.
    /// </summary>
    public ChunkLease Chunk(int chunk, bool keep, bool coordinate) => keep
        ? file.Cache.Chunks.GetOrAdd(new ChunkKey(file.Key, path, chunk), () => Decode(chunk, coordinate))
        : file.Cache.Chunks.Unshared(Decode(chunk, coordinate));

    /// <summary>Drops chunk <paramref name="chunk"/> from the cache (its content has been turned into something smaller).</summary>
    public void Forget(int chunk) => file.Cache.Chunks.Remove(new ChunkKey(file.Key, path, chunk));

    /// <summary>Rows [start, start + destination.Length) widened to float64.</summary>
    public void ReadDoubles(int start, Span<double> destination, bool keep, bool coordinate)
    {
        if (!keep && facts.Type == ColumnType.Float64)
        {
            // Nothing to keep and nothing to widen: PureHDF decodes straight into the destination.
            var dataset = (NativeDataset)file.Dataset(path);
            var started = Stopwatch.GetTimestamp();
            dataset.Read(destination, new HyperslabSelection((ulong)start, (ulong)destination.Length));
            Decoded(started, coordinate);
            return;
        }

        var row = start;
        var end = start + destination.Length;
        while (row < end)
        {
            var chunk = row / facts.ChunkRows;
            var chunkStart = chunk * facts.ChunkRows;
            using var lease = Chunk(chunk, keep, coordinate);
            var count = Math.Min(end, chunkStart + lease.Values.Length) - row;
            Widen(lease.Values, row - chunkStart, destination.Slice(row - start, count));
            row += count;
        }
    }

    /// <summary>Copies <paramref name="destination"/>.Length values of <paramref name="values"/> from <paramref name="offset"/>, as float64.</summary>
    public static void Widen(Array values, int offset, Span<double> destination)
    {
        switch (values)
        {
            case double[] d:
                d.AsSpan(offset, destination.Length).CopyTo(destination);
                break;
            case float[] f:
                Widen<float>(f.AsSpan(offset, destination.Length), destination);
                break;
            case sbyte[] a:
                Widen<sbyte>(a.AsSpan(offset, destination.Length), destination);
                break;
            case byte[] a:
                Widen<byte>(a.AsSpan(offset, destination.Length), destination);
                break;
            case short[] a:
                Widen<short>(a.AsSpan(offset, destination.Length), destination);
                break;
            case ushort[] a:
                Widen<ushort>(a.AsSpan(offset, destination.Length), destination);
                break;
            case int[] a:
                Widen<int>(a.AsSpan(offset, destination.Length), destination);
                break;
            case uint[] a:
                Widen<uint>(a.AsSpan(offset, destination.Length), destination);
                break;
            case long[] a:
                Widen<long>(a.AsSpan(offset, destination.Length), destination);
                break;
            case ulong[] a:
                Widen<ulong>(a.AsSpan(offset, destination.Length), destination);
                break;
            default:
                throw new InvalidOperationException($"Unexpected chunk type {values.GetType()}.");
        }
    }

    private static void Widen<T>(ReadOnlySpan<T> values, Span<double> destination) where T : INumberBase<T>
    {
        for (var i = 0; i < values.Length; i++)
        {
            destination[i] = double.CreateTruncating(values[i]);
        }
    }

    private Array Decode(int chunk, bool coordinate)
    {
        var dataset = (NativeDataset)file.Dataset(path);
        var started = Stopwatch.GetTimestamp();
        var start = chunk * facts.ChunkRows;
        var count = Math.Min(facts.ChunkRows, facts.Rows - start);
        var selection = new HyperslabSelection((ulong)start, (ulong)count);
        var cache = file.Cache.Chunks;
        Array values = facts.Type switch
        {
            ColumnType.Float64 => Read(dataset, selection, cache.Rent<double>(count)),
            ColumnType.Float32 => Read(dataset, selection, cache.Rent<float>(count)),
            ColumnType.Int8 => Read(dataset, selection, cache.Rent<sbyte>(count)),
            ColumnType.UInt8 => Read(dataset, selection, cache.Rent<byte>(count)),
            ColumnType.Int16 => Read(dataset, selection, cache.Rent<short>(count)),
            ColumnType.UInt16 => Read(dataset, selection, cache.Rent<ushort>(count)),
            ColumnType.Int32 => Read(dataset, selection, cache.Rent<int>(count)),
            ColumnType.UInt32 => Read(dataset, selection, cache.Rent<uint>(count)),
            ColumnType.Int64 => Read(dataset, selection, cache.Rent<long>(count)),
            _ => Read(dataset, selection, cache.Rent<ulong>(count)),
        };
        Decoded(started, coordinate);
        return values;
    }

    private void Decoded(long started, bool coordinate)
    {
        if (coordinate)
        {
            file.Cache.Statistics.CoordinateChunkDecoded(started);
        }
        else
        {
            file.Cache.Statistics.VariableChunkDecoded(started);
        }
    }

    private static T[] Read<T>(NativeDataset dataset, Selection selection, T[] values) where T : unmanaged
    {
        dataset.Read<T>(values.AsSpan(), selection);
        return values;
    }
}
