using Orleans.Storage;

namespace Magg.Orleans.Grains.Tests;

/// <summary>Grain storage that measures each write through the silo's grain-storage serializer (what DynamoDB would store) before passing it on.</summary>
public sealed class RecordingGrainStorage(IGrainStorage inner, IGrainStorageSerializer serializer, ItemSizes sizes) : IGrainStorage
{
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => inner.ReadStateAsync(stateName, grainId, grainState);

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        sizes.Record(stateName, grainId.ToString(), serializer.Serialize(grainState.State).ToMemory().Length);
        return inner.WriteStateAsync(stateName, grainId, grainState);
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => inner.ClearStateAsync(stateName, grainId, grainState);
}
