using System.Collections.Concurrent;

namespace Magg.Orleans.Core.Granules;

/// <summary>
/// Remembers, per granule and group, which rows each parent cell spans (first and last row), learned the first time
/// the group's coordinates are read in full. A granule crosses dozens of parent cells; with the index, every later
/// cell reads only its own row range of the coordinates, and a cell the group never enters reads nothing at all.
/// Keys include the granule's byte length, so a replaced file is not mistaken for the old one. Thread-safe; bounded.
/// </summary>
public sealed class GranuleRowIndex(int maxGroups = 50_000)
{
    private readonly ConcurrentDictionary<Key, IReadOnlyDictionary<long, (int First, int Last)>> _groups = new();

    /// <summary>Number of (granule, group) entries held.</summary>
    public int Count => _groups.Count;

    /// <summary>The row range of every parent cell (NESTED id at <paramref name="parentOrder"/>) in the group, if known.</summary>
    public bool TryGet(string granule, long length, string group, int parentOrder, out IReadOnlyDictionary<long, (int First, int Last)> ranges) =>
        _groups.TryGetValue(new Key(granule, length, group, parentOrder), out ranges!);

    /// <summary>Learns the row ranges from the order-18 pixels of every row (-1 for rows without valid coordinates).</summary>
    public void Learn(string granule, long length, string group, int parentOrder, ReadOnlySpan<long> pixels18)
    {
        var shift = 2 * (Spatial.Morton.MaxOrder - parentOrder);
        var ranges = new Dictionary<long, (int First, int Last)>();
        for (var row = 0; row < pixels18.Length; row++)
        {
            if (pixels18[row] < 0)
            {
                continue;
            }

            var parent = pixels18[row] >> shift;
            ranges[parent] = ranges.TryGetValue(parent, out var range) ? (range.First, row) : (row, row);
        }

        if (_groups.Count >= maxGroups)
        {
            _groups.Clear();
        }

        _groups[new Key(granule, length, group, parentOrder)] = ranges;
    }

    private readonly record struct Key(string Granule, long Length, string Group, int ParentOrder);
}
