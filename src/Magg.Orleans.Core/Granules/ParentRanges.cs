using System.Numerics;

namespace Magg.Orleans.Core.Granules;

/// <summary>
/// Which parent cells (NESTED ids at <see cref="Order"/>) a block of rows holds, each with its first and last row, and
/// which of them have read the block already (so the block's decoded chunks can go once every parent has).
/// </summary>
internal sealed class ParentRanges
{
    private readonly long[] _parents;
    private readonly int[] _first;
    private readonly int[] _last;
    private readonly int[] _served;
    private int _unserved;

    private ParentRanges(int order, long[] parents, int[] first, int[] last)
    {
        (Order, _parents, _first, _last) = (order, parents, first, last);
        _served = new int[parents.Length];
        _unserved = parents.Length;
    }

    public int Order { get; }

    /// <summary>The rows (absolute, inclusive) of <paramref name="parent"/> in the block, if it holds any.</summary>
    public bool TryFind(long parent, out int first, out int last)
    {
        var index = Array.IndexOf(_parents, parent);
        (first, last) = index >= 0 ? (_first[index], _last[index]) : (0, -1);
        return index >= 0;
    }

    /// <summary>Records that <paramref name="parent"/> has read the block; true for the call that makes every parent served.</summary>
    public bool Serve(long parent)
    {
        var index = Array.IndexOf(_parents, parent);
        return index >= 0 && Interlocked.Exchange(ref _served[index], 1) == 0 && Interlocked.Decrement(ref _unserved) == 0;
    }

    /// <summary>
    /// The ranges of every parent in <paramref name="pixels"/> (NESTED pixels at <paramref name="pixelOrder"/>, -1 for no
    /// point), whose first row is <paramref name="startRow"/>.
    /// </summary>
    public static ParentRanges Of(Array pixels, int pixelOrder, int startRow, int order) => pixels switch
    {
        int[] ints => Of<int>(ints, pixelOrder, startRow, order),
        long[] longs => Of<long>(longs, pixelOrder, startRow, order),
        _ => throw new ArgumentException($"Unexpected pixel array {pixels.GetType()}.", nameof(pixels)),
    };

    private static ParentRanges Of<T>(ReadOnlySpan<T> pixels18, int pixelOrder, int startRow, int order) where T : IBinaryInteger<T>
    {
        var shift = 2 * (pixelOrder - order);
        var parents = new List<long>(4);
        var first = new List<int>(4);
        var last = new List<int>(4);
        var current = -1;
        for (var i = 0; i < pixels18.Length; i++)
        {
            var pixel = long.CreateTruncating(pixels18[i]);
            if (pixel < 0)
            {
                continue;
            }

            var parent = pixel >> shift;
            if (current < 0 || parents[current] != parent)
            {
                current = parents.IndexOf(parent);
                if (current < 0)
                {
                    current = parents.Count;
                    parents.Add(parent);
                    first.Add(startRow + i);
                    last.Add(startRow + i);
                }
            }

            last[current] = startRow + i;
        }

        return new ParentRanges(order, [.. parents], [.. first], [.. last]);
    }
}
