using System.Collections.Concurrent;
using Orleans.Serialization;
using Orleans.Storage;

namespace Magg.Orleans.Grains.Tests;

/// <summary>
/// Grain storage that every silo of an in-process test cluster shares, so state outlives a killed silo as it does in
/// DynamoDB. Values are deep copies, and ETags are checked like a real store. A test can make writes fail, as a store
/// that refuses an item would.
/// </summary>
public sealed class SharedGrainStorage(DeepCopier copier) : IGrainStorage
{
    private readonly ConcurrentDictionary<string, (object State, string ETag)> _items = new(StringComparer.Ordinal);

    public int Count => _items.Count;

    /// <summary>When set and true for a write (state name, grain id, state), the write fails with an <see cref="IOException"/>.</summary>
    public Func<string, GrainId, object?, bool>? FailWrite { get; set; }

    /// <summary>The stored state of a grain, or default.</summary>
    public T? Get<T>(string stateName, GrainId grainId) => _items.TryGetValue(Key(stateName, grainId), out var item) ? copier.Copy((T)item.State) : default;

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (_items.TryGetValue(Key(stateName, grainId), out var item))
        {
            grainState.State = copier.Copy((T)item.State);
            grainState.ETag = item.ETag;
            grainState.RecordExists = true;
        }

        return Task.CompletedTask;
    }

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (FailWrite?.Invoke(stateName, grainId, grainState.State) == true)
        {
            throw new IOException($"injected: the store refused to write {stateName} of {grainId}");
        }

        var key = Key(stateName, grainId);
        var etag = Guid.NewGuid().ToString("N");
        (object State, string ETag) value = (copier.Copy(grainState.State)!, etag);
        var ok = grainState.ETag is null ? _items.TryAdd(key, value) : _items.TryGetValue(key, out var old) && old.ETag == grainState.ETag && _items.TryUpdate(key, value, old);
        if (!ok)
        {
            throw new InconsistentStateException($"ETag mismatch for {key}", grainState.ETag ?? "", "");
        }

        grainState.ETag = etag;
        grainState.RecordExists = true;
        return Task.CompletedTask;
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        _items.TryRemove(Key(stateName, grainId), out _);
        grainState.ETag = null;
        grainState.RecordExists = false;
        return Task.CompletedTask;
    }

    private static string Key(string stateName, GrainId grainId) => $"{stateName}/{grainId}";
}
