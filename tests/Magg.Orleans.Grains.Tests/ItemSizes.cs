using System.Collections.Concurrent;

namespace Magg.Orleans.Grains.Tests;

/// <summary>The largest serialized size written per grain state (state name and grain id), as the storage provider sees it.</summary>
public sealed class ItemSizes
{
    private readonly ConcurrentDictionary<(string State, string Grain), int> _largest = new();

    public void Record(string stateName, string grainId, int bytes) =>
        _largest.AddOrUpdate((stateName, grainId), bytes, (_, old) => Math.Max(old, bytes));

    /// <summary>Largest item of each state name among grains whose id contains <paramref name="grainIdPart"/>.</summary>
    public IReadOnlyDictionary<string, int> LargestBy(string grainIdPart) =>
        _largest.Where(e => e.Key.Grain.Contains(grainIdPart, StringComparison.Ordinal))
            .GroupBy(e => e.Key.State)
            .ToDictionary(g => g.Key, g => g.Max(e => e.Value), StringComparer.Ordinal);
}
