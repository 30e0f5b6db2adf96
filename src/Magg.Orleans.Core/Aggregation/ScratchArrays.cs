namespace Magg.Orleans.Core.Aggregation;

/// <summary>
/// Row-length work arrays of one aggregation at a time (sorted columns, element-wise results, selection copies). The
/// arrays are kept and handed out again to the next aggregation, growing only when a cell has more rows than any
/// before, so a cell of half a million observations leaves no large arrays for the collector. Arrays may be longer
/// than asked: callers use only the length they asked for. Not thread-safe: one aggregation uses it at a time.
/// </summary>
internal sealed class ScratchArrays
{
    private const int Granularity = 64 * 1024;

    private readonly List<double[]> _arrays = [];
    private int _used;

    /// <summary>An array of at least <paramref name="length"/> values (contents undefined), valid until <see cref="Reset"/>.</summary>
    public double[] Doubles(int length)
    {
        // Rounded up so cells of similar size reuse the array, but not doubled: kept arrays are memory the silo holds.
        var size = (Math.Max(length, 1) + Granularity - 1) / Granularity * Granularity;
        if (_used == _arrays.Count)
        {
            _arrays.Add(GC.AllocateUninitializedArray<double>(size));
        }
        else if (_arrays[_used].Length < length)
        {
            _arrays[_used] = GC.AllocateUninitializedArray<double>(size);
        }

        return _arrays[_used++];
    }

    /// <summary>Row capacity of the largest array held.</summary>
    public long Capacity => _arrays.Count == 0 ? 0 : _arrays.Max(a => (long)a.Length);

    /// <summary>Makes every array available again (their contents are garbage from now on).</summary>
    public void Reset() => _used = 0;
}
