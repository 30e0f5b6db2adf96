namespace Magg.Orleans.Core.Aggregation;

/// <summary>
/// Row-length work arrays of one aggregation at a time (sorted columns, element-wise results, selection copies). An
/// array given back is handed out again within the aggregation, and every array is kept for the next aggregation,
/// growing only when a cell has more rows than any before, so a cell of half a million observations leaves no large
/// arrays for the collector. Arrays may be longer than asked: callers use only the length they asked for. Not
/// thread-safe: one aggregation uses it at a time.
/// </summary>
internal sealed class ScratchArrays
{
    // Rounded up so cells of similar size reuse an array, but not doubled: kept arrays are memory the silo holds.
    private const int Granularity = 64 * 1024;

    private readonly List<double[]> _free = [];
    private readonly List<double[]> _all = [];

    /// <summary>Row capacity of the largest array held.</summary>
    public long Capacity => _all.Count == 0 ? 0 : _all.Max(a => (long)a.Length);

    /// <summary>An array of at least <paramref name="length"/> values (contents undefined), valid until given back or <see cref="Reset"/>.</summary>
    public double[] Doubles(int length)
    {
        var index = _free.FindIndex(a => a.Length >= length);
        if (index < 0 && _free.Count > 0)
        {
            // Grow a free one rather than keep one more.
            index = _free.Count - 1;
            var grown = GC.AllocateUninitializedArray<double>(RoundUp(length));
            _all[_all.IndexOf(_free[index])] = grown;
            _free[index] = grown;
        }

        if (index < 0)
        {
            var array = GC.AllocateUninitializedArray<double>(RoundUp(length));
            _all.Add(array);
            return array;
        }

        var found = _free[index];
        _free.RemoveAt(index);
        return found;
    }

    /// <summary>Takes back an array from <see cref="Doubles"/> that nothing uses any more.</summary>
    public void Return(double[] array) => _free.Add(array);

    /// <summary>True when <paramref name="array"/> came from this instance.</summary>
    public bool Owns(double[] array) => _all.Contains(array);

    /// <summary>Makes every array available again (their contents are garbage from now on).</summary>
    public void Reset()
    {
        _free.Clear();
        _free.AddRange(_all);
    }

    private static int RoundUp(int length) => (Math.Max(length, 1) + Granularity - 1) / Granularity * Granularity;
}
