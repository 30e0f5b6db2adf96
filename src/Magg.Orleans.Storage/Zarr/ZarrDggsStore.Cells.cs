using System.Globalization;
using Magg.Orleans.Storage.Cells;

namespace Magg.Orleans.Storage.Zarr;

/// <summary>Per-cell records: completion stamps, and removing a cell's chunks.</summary>
public sealed partial class ZarrDggsStore
{
    private string StampFolder => $"_magg/cells/{Layout.GroupPath}/";

    /// <summary>The key of chunk <paramref name="chunkIndex"/>'s stamp, e.g. <c>_magg/cells/12/3.json</c>.</summary>
    public string StampKey(int chunkIndex) => string.Create(CultureInfo.InvariantCulture, $"{StampFolder}{chunkIndex}.json");

    /// <summary>The stamp of chunk <paramref name="chunkIndex"/>; null when absent or not a stamp.</summary>
    public async Task<CellStamp?> ReadStampAsync(int chunkIndex, CancellationToken cancellationToken = default)
    {
        CheckChunkIndex(chunkIndex);
        var bytes = await _store.ReadAsync(StampKey(chunkIndex), cancellationToken).ConfigureAwait(false);
        return bytes is null ? null : CellStamp.Parse(bytes);
    }

    /// <summary>Writes the stamp of its chunk (after the chunk's objects are written).</summary>
    public Task WriteStampAsync(CellStamp stamp, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stamp);
        CheckChunkIndex(stamp.ChunkIndex);
        return _store.WriteAsync(StampKey(stamp.ChunkIndex), stamp.Serialize(), cancellationToken);
    }

    /// <summary>Removes chunk <paramref name="chunkIndex"/>'s stamp (before its chunk is rewritten).</summary>
    public Task DeleteStampAsync(int chunkIndex, CancellationToken cancellationToken = default)
    {
        CheckChunkIndex(chunkIndex);
        return _store.DeleteAsync(StampKey(chunkIndex), cancellationToken);
    }

    /// <summary>True when the coordinate chunks of <paramref name="chunkIndex"/> are in the store (one existence check).</summary>
    public Task<bool> HasCoordinatesAsync(int chunkIndex, CancellationToken cancellationToken = default)
    {
        CheckChunkIndex(chunkIndex);
        return _store.ExistsAsync(Layout.ChunkKey(DggsLayout.MortonName, chunkIndex), cancellationToken);
    }

    /// <summary>Deletes chunk <paramref name="chunkIndex"/> of the variables, and of the coordinates when asked.</summary>
    public Task DeleteChunkAsync(int chunkIndex, bool coordinates, CancellationToken cancellationToken = default)
    {
        CheckChunkIndex(chunkIndex);
        return Task.WhenAll(Layout.Arrays.Skip(coordinates ? 0 : 2).Reverse()
            .Select(array => _store.DeleteAsync(Layout.ChunkKey(array.Name, chunkIndex), cancellationToken)));
    }
}
