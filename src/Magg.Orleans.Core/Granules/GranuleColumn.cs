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

    /// <summary>Chunk <paramref name="chunk"/> (rows <c>chunk * ChunkRows</c> on) as an array of the stored type.</summary>
    public Array Chunk(int chunk, bool keep, bool coordinate) => keep
        ? file.Cache.Chunks.GetOrAdd(new ChunkKey(file.Key, path, chunk), () => Decode(chunk, coordinate))
        : Decode(chunk, coordinate);

    /// <summary>Drops chunk <paramref name="chunk"/> from the cache (its content has been turned into something smaller).</summary>
    public void Forget(int chunk) => file.Cache.Chunks.Remove(new ChunkKey(file.Key, path, chunk));

    /// <summary>Rows [start, start + destination.Length) widened to float64.</summary>
    public void ReadDoubles(int start, Span<double> destination, bool keep, bool coordinate)
    {
        var row = start;
        var end = start + destination.Length;
        while (row < end)
        {
            var chunk = row / facts.ChunkRows;
            var chunkStart = chunk * facts.ChunkRows;
            var values = Chunk(chunk, keep, coordinate);
            var count = Math.Min(end, chunkStart + values.Length) - row;
            Widen(values, row - chunkStart, destination.Slice(row - start, count));
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
        Array values = facts.Type switch
        {
            ColumnType.Float64 => Read<double>(dataset, selection, count),
            ColumnType.Float32 => Read<float>(dataset, selection, count),
            ColumnType.Int8 => Read<sbyte>(dataset, selection, count),
            ColumnType.UInt8 => Read<byte>(dataset, selection, count),
            ColumnType.Int16 => Read<short>(dataset, selection, count),
            ColumnType.UInt16 => Read<ushort>(dataset, selection, count),
            ColumnType.Int32 => Read<int>(dataset, selection, count),
            ColumnType.UInt32 => Read<uint>(dataset, selection, count),
            ColumnType.Int64 => Read<long>(dataset, selection, count),
            _ => Read<ulong>(dataset, selection, count),
        };
        if (coordinate)
        {
            file.Cache.Statistics.CoordinateChunkDecoded(started);
        }
        else
        {
            file.Cache.Statistics.VariableChunkDecoded(started);
        }

        return values;
    }

    private static T[] Read<T>(NativeDataset dataset, Selection selection, int count) where T : unmanaged
    {
        var values = GC.AllocateUninitializedArray<T>(count);
        dataset.Read<T>(values.AsSpan(), selection);
        return values;
    }
}
