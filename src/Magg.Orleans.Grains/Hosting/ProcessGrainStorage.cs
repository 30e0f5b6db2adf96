using System.Collections.Concurrent;
using System.Globalization;
using Orleans.Storage;

namespace Magg.Orleans.Grains.Hosting;

/// <summary>
/// Grain state in this process's memory, for a single embedded silo: a dictionary of serialized states with ETags.
/// Unlike Orleans' memory storage (which routes every read and write through storage grains, so that a cluster of silos
/// can share it) it costs no grain call, which matters when a run activates a grain per cell.
/// </summary>
public sealed class ProcessGrainStorage(IGrainStorageSerializer serializer) : IGrainStorage
{
    private readonly ConcurrentDictionary<(string State, GrainId Grain), (BinaryData Data, long ETag)> _items = new();
    private long _version;

    /// <inheritdoc />
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        if (_items.TryGetValue((stateName, grainId), out var item))
        {
            grainState.State = serializer.Deserialize<T>(item.Data);
            grainState.ETag = item.ETag.ToString(CultureInfo.InvariantCulture);
            grainState.RecordExists = true;
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        var key = (stateName, grainId);
        var written = (serializer.Serialize(grainState.State), Interlocked.Increment(ref _version));
        var stored = grainState.ETag is null
            ? _items.TryAdd(key, written)
            : _items.TryGetValue(key, out var old) && old.ETag.ToString(CultureInfo.InvariantCulture) == grainState.ETag && _items.TryUpdate(key, written, old);
        if (!stored)
        {
            throw new InconsistentStateException($"ETag mismatch writing {stateName} of {grainId}", grainState.ETag ?? "", "");
        }

        grainState.ETag = written.Item2.ToString(CultureInfo.InvariantCulture);
        grainState.RecordExists = true;
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        _items.TryRemove((stateName, grainId), out _);
        grainState.ETag = null;
        grainState.RecordExists = false;
        return Task.CompletedTask;
    }
}
