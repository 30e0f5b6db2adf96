using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Magg.Orleans.Core.Aggregation;
using Magg.Orleans.Storage.Objects;

namespace Magg.Orleans.Storage.Zarr;

/// <summary>
/// Reads Zarr v3 stores (ours, and others within <see cref="ZarrArrayMetadata"/>'s limits) from an object store: the
/// hierarchy from the consolidated root <c>zarr.json</c> (falling back to listing keys when a store is not
/// consolidated yet), group and array documents, and chunks, where a chunk that was never written reads as absent.
/// </summary>
/// <remarks>
/// Group and array documents are read from their own <c>zarr.json</c> (so a store being written is seen as it is now);
/// the consolidated metadata only serves to list what the store holds. The instance keeps no mutable state.
/// </remarks>
public sealed class ZarrDggsReader
{
    private const string DocumentName = "zarr.json";

    private readonly IObjectStore _store;
    private readonly Dictionary<string, JsonObject>? _consolidated;

    private ZarrDggsReader(IObjectStore store, JsonObject root, Dictionary<string, JsonObject>? consolidated)
    {
        _store = store;
        RootAttributes = root["attributes"] as JsonObject ?? [];
        _consolidated = consolidated;
    }

    /// <summary>Where the store is (for messages).</summary>
    public string Location => _store.Location;

    /// <summary>The root group's attributes.</summary>
    public JsonObject RootAttributes { get; }

    /// <summary>True when the root <c>zarr.json</c> holds consolidated metadata.</summary>
    public bool IsConsolidated => _consolidated is not null;

    /// <summary>Opens the store whose root is <paramref name="store"/>'s root.</summary>
    /// <exception cref="ZarrReadException">There is no root <c>zarr.json</c>, or it is not a Zarr v3 group.</exception>
    public static async Task<ZarrDggsReader> OpenAsync(IObjectStore store, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        var root = await ReadDocumentAsync(store, DocumentName, cancellationToken).ConfigureAwait(false)
            ?? throw new ZarrReadException($"{store.Location} is not a Zarr store: it has no {DocumentName}.");
        if (root["zarr_format"]?.ToString() != "3" || root["node_type"]?.ToString() != "group")
        {
            throw new ZarrReadException($"{store.Location} is not a Zarr v3 store: its root {DocumentName} is not a zarr_format 3 group.");
        }

        Dictionary<string, JsonObject>? consolidated = null;
        if (root["consolidated_metadata"]?["metadata"] is JsonObject entries)
        {
            consolidated = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
            foreach (var (path, node) in entries)
            {
                if (node is JsonObject document)
                {
                    consolidated[path.Trim('/')] = document;
                }
            }
        }

        return new ZarrDggsReader(store, root, consolidated);
    }

    /// <summary>Paths of every group below the root, in ordinal order.</summary>
    public async Task<IReadOnlyList<string>> ListGroupsAsync(CancellationToken cancellationToken = default) =>
        (await NodesAsync(cancellationToken).ConfigureAwait(false)).Where(n => n.Kind == "group").Select(n => n.Path).Order(StringComparer.Ordinal).ToArray();

    /// <summary>The group at <paramref name="path"/> (e.g. <c>12</c>) with the names of its arrays.</summary>
    /// <exception cref="ZarrReadException">There is no such group; the message lists the groups there are.</exception>
    public async Task<ZarrGroupMetadata> OpenGroupAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        path = path.Trim('/');
        var key = path.Length == 0 ? DocumentName : $"{path}/{DocumentName}";
        var document = await ReadNodeAsync(key, cancellationToken).ConfigureAwait(false);
        if (document?["node_type"]?.ToString() != "group")
        {
            var groups = await ListGroupsAsync(cancellationToken).ConfigureAwait(false);
            throw new ZarrReadException($"{Location} has no group '{path}'; its groups are: {Names(groups)}.");
        }

        var prefix = path.Length == 0 ? "" : path + "/";
        var arrays = (await NodesAsync(cancellationToken, prefix).ConfigureAwait(false))
            .Where(n => n.Kind == "array" && n.Path.StartsWith(prefix, StringComparison.Ordinal) && !n.Path[prefix.Length..].Contains('/', StringComparison.Ordinal))
            .Select(n => n.Path[prefix.Length..])
            .Order(StringComparer.Ordinal)
            .ToArray();
        return new ZarrGroupMetadata(path, document["attributes"] as JsonObject ?? [], arrays);
    }

    /// <summary>The array <paramref name="name"/> of <paramref name="group"/>.</summary>
    /// <exception cref="ZarrReadException">There is no such array (the message lists the group's arrays), or it is not readable here.</exception>
    public async Task<ZarrArrayMetadata> OpenArrayAsync(ZarrGroupMetadata group, string name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(group);
        ArgumentException.ThrowIfNullOrEmpty(name);
        var path = group.Path.Length == 0 ? name : $"{group.Path}/{name}";
        var document = name.Contains('/', StringComparison.Ordinal) || name is "." or ".."
            ? null
            : await ReadNodeAsync($"{path}/{DocumentName}", cancellationToken).ConfigureAwait(false);
        if (document?["node_type"]?.ToString() != "array")
        {
            throw new ZarrReadException($"Group '{group.Path}' of {Location} has no array '{name}'; its arrays are: {Names(group.Arrays)}.");
        }

        return ZarrArrayMetadata.Parse(path, document);
    }

    /// <summary>Indices of the chunks of <paramref name="array"/> that exist (one listing, not one request per chunk), ascending.</summary>
    public async Task<IReadOnlyList<long>> ListChunksAsync(ZarrArrayMetadata array, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(array);
        var chunks = new List<long>();
        await foreach (var key in _store.ListAsync(array.ChunkKeyPrefix, cancellationToken).ConfigureAwait(false))
        {
            var rest = key.AsSpan(array.ChunkKeyPrefix.Length);
            if (long.TryParse(rest, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < array.ChunkCount)
            {
                chunks.Add(index);
            }
        }

        chunks.Sort();
        return chunks;
    }

    /// <summary>
    /// Chunk <paramref name="index"/> of <paramref name="array"/> decoded into a typed array of
    /// <see cref="ZarrArrayMetadata.ChunkLength"/> elements (<c>float[]</c>, <c>ulong[]</c>, ...), or null when it was never written.
    /// </summary>
    /// <exception cref="ZarrReadException">The stored chunk does not decode to the array's chunk size.</exception>
    public async Task<Array?> ReadChunkAsync(ZarrArrayMetadata array, long index, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(array);
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, array.ChunkCount);
        var key = array.ChunkKey(index);
        var stored = await _store.ReadAsync(key, cancellationToken).ConfigureAwait(false);
        return stored is null ? null : Decode(array, key, stored);
    }

    /// <summary>The whole of <paramref name="array"/>, with the fill value where chunks are absent. Meant for small arrays.</summary>
    public async Task<Array> ReadArrayAsync(ZarrArrayMetadata array, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(array);
        if (array.Length > Array.MaxLength)
        {
            throw new ZarrReadException($"Array '{array.Path}' has {array.Length} elements, too many to hold at once; read it chunk by chunk.");
        }

        var values = array.DataType.CreateArray((int)array.Length);
        Fill(values, array.FillValue);
        foreach (var index in await ListChunksAsync(array, cancellationToken).ConfigureAwait(false))
        {
            if (await ReadChunkAsync(array, index, cancellationToken).ConfigureAwait(false) is { } chunk)
            {
                var start = index * array.ChunkLength;
                Array.Copy(chunk, 0, values, start, Math.Min(array.ChunkLength, array.Length - start));
            }
        }

        return values;
    }

    private static Array Decode(ZarrArrayMetadata array, string key, byte[] stored)
    {
        var raw = stored;
        try
        {
            for (var i = array.Compressors.Count - 1; i >= 0; i--)
            {
                raw = ChunkCodec.Decode(raw, array.Compressors[i]);
            }
        }
        catch (Exception e) when (e is InvalidDataException or IOException or ZstdSharp.ZstdException)
        {
            throw new ZarrReadException($"Chunk {key} does not decode: {e.Message}", e);
        }

        var size = array.DataType.Size();
        if (raw.Length != (long)array.ChunkLength * size)
        {
            throw new ZarrReadException($"Chunk {key} holds {raw.Length} bytes; {array.ChunkLength} {array.DataType.Name()} values take {(long)array.ChunkLength * size}.");
        }

        if (array.BigEndian != !BitConverter.IsLittleEndian && size > 1)
        {
            for (var offset = 0; offset < raw.Length; offset += size)
            {
                raw.AsSpan(offset, size).Reverse();
            }
        }

        var values = array.DataType.CreateArray(array.ChunkLength);
        Buffer.BlockCopy(raw, 0, values, 0, raw.Length);
        return values;
    }

    private static void Fill(Array values, double fillValue)
    {
        for (var i = 0; fillValue != 0 && i < values.Length; i++)
        {
            DataTypes.Store(values, i, fillValue, fillValue);
        }
    }

    /// <summary>Every group and array below the root: from the consolidated metadata when it covers <paramref name="under"/>, else from a key listing.</summary>
    private async Task<List<(string Path, string Kind)>> NodesAsync(CancellationToken cancellationToken, string under = "")
    {
        var coveredByConsolidated = _consolidated is not null && (under.Length == 0 || _consolidated.ContainsKey(under.TrimEnd('/')));
        if (coveredByConsolidated)
        {
            return _consolidated!.Select(e => (e.Key, e.Value["node_type"]?.ToString() ?? "")).ToList();
        }

        var nodes = new List<(string, string)>();
        await foreach (var (path, kind) in ListedNodesAsync(under, cancellationToken).ConfigureAwait(false))
        {
            nodes.Add((path, kind));
        }

        return nodes;
    }

    private async IAsyncEnumerable<(string Path, string Kind)> ListedNodesAsync(string under, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var key in _store.ListAsync(under, cancellationToken).ConfigureAwait(false))
        {
            if (key.EndsWith("/" + DocumentName, StringComparison.Ordinal)
                && await ReadDocumentAsync(_store, key, cancellationToken).ConfigureAwait(false) is { } document)
            {
                yield return (key[..^(DocumentName.Length + 1)], document["node_type"]?.ToString() ?? "");
            }
        }
    }

    private Task<JsonObject?> ReadNodeAsync(string key, CancellationToken cancellationToken) => ReadDocumentAsync(_store, key, cancellationToken);

    private static async Task<JsonObject?> ReadDocumentAsync(IObjectStore store, string key, CancellationToken cancellationToken)
    {
        try
        {
            return ZarrMetadata.Parse(await store.ReadAsync(key, cancellationToken).ConfigureAwait(false), key);
        }
        catch (InvalidDataException e)
        {
            throw new ZarrReadException($"{store.Location}: {e.Message}", e);
        }
    }

    private static string Names(IEnumerable<string> names) => names.Any() ? string.Join(", ", names) : "(none)";
}
