using System.Globalization;
using System.Text.Json.Nodes;
using Magg.Orleans.Core.Aggregation;
using Magg.Orleans.Core.Spatial;
using Magg.Orleans.Storage.Objects;

namespace Magg.Orleans.Storage.Zarr;

/// <summary>
/// Writes a DGGS Zarr v3 store (SPEC §6) into an object store: the template once (<see cref="PrepareAsync"/>), then
/// one whole chunk per catalog cell from many writers at once, then the consolidated metadata.
/// </summary>
/// <remarks>
/// The instance holds no mutable state: concurrent calls for different chunks never interfere, and separate instances
/// over the same store (other silos) behave the same. Runs change the store's structure (template, consolidation)
/// only under the store's lock (<see cref="PrepareForRunAsync"/>, <see cref="FinishRunAsync"/>); cells record what they
/// wrote in completion stamps under <c>_magg/</c>.
/// </remarks>
public sealed partial class ZarrDggsStore
{
    private const string RootKey = "zarr.json";
    private const int CoordinateWriteConcurrency = 8;

    private readonly IObjectStore _store;
    private readonly StoreLeaseOptions _lease;
    private readonly TimeProvider _time;

    /// <summary>A writer of <paramref name="layout"/> into <paramref name="store"/> (the store's root is the Zarr root).</summary>
    /// <param name="store">The object store.</param>
    /// <param name="layout">The layout to write.</param>
    /// <param name="lease">How runs lock the store and how long their registration lives (default: <see cref="StoreLeaseOptions.Default"/>).</param>
    /// <param name="timeProvider">The clock of stamps and registrations.</param>
    public ZarrDggsStore(IObjectStore store, DggsLayout layout, StoreLeaseOptions? lease = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(layout);
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("Chunks are written as the machine holds them, which must be little-endian.");
        }

        _store = store;
        _lease = lease ?? StoreLeaseOptions.Default;
        _time = timeProvider ?? TimeProvider.System;
        Layout = layout;
    }

    /// <summary>The layout this store writes.</summary>
    public DggsLayout Layout { get; }

    /// <summary>Where the store is, for messages.</summary>
    public string Location => _store.Location;

    private string GroupKey => $"{Layout.GroupPath}/zarr.json";

    /// <summary>
    /// Makes sure the store holds this layout's template: creates it when absent, reuses a template with the same id,
    /// and with <paramref name="overwrite"/> deletes the group (all its chunks) and recreates it.
    /// </summary>
    /// <exception cref="StoreConflictException">The store holds a different template and <paramref name="overwrite"/> is false.</exception>
    public async Task<StoreTemplateStatus> PrepareAsync(bool overwrite, CancellationToken cancellationToken = default)
    {
        if (overwrite)
        {
            await _store.DeletePrefixAsync(Layout.GroupPath + "/", cancellationToken).ConfigureAwait(false);
            await _store.DeletePrefixAsync(StampFolder, cancellationToken).ConfigureAwait(false);
            await CreateAsync(cancellationToken).ConfigureAwait(false);
            return new StoreTemplateStatus(Layout.TemplateId, true);
        }

        var group = ZarrMetadata.Parse(await _store.ReadAsync(GroupKey, cancellationToken).ConfigureAwait(false), GroupKey);
        if (group is not null)
        {
            var existingId = group["attributes"]?[ZarrMetadata.MaggAttribute]?["template_id"]?.GetValue<string>();
            if (existingId == Layout.TemplateId)
            {
                await EnsureRootAsync(dropConsolidatedGroup: false, cancellationToken).ConfigureAwait(false);
                return new StoreTemplateStatus(Layout.TemplateId, false);
            }

            var differences = await DifferencesAsync(group, cancellationToken).ConfigureAwait(false);
            throw Conflict(existingId is null
                ? $"group '{Layout.GroupPath}' was not written by Magg.Orleans (it has no magg.template_id attribute)"
                : $"group '{Layout.GroupPath}' has template {existingId}, this run needs {Layout.TemplateId}", differences);
        }

        // No group yet: arrays left by someone else (or an interrupted prepare of another layout) must match ours.
        var foreign = new List<string>();
        foreach (var array in Layout.Arrays)
        {
            var key = Layout.ArrayMetadataKey(array.Name);
            var existing = ZarrMetadata.Parse(await _store.ReadAsync(key, cancellationToken).ConfigureAwait(false), key);
            if (existing is not null && !ZarrMetadata.SameDocument(existing, ZarrMetadata.Array(Layout, array)))
            {
                foreign.AddRange(ArrayDifferences(array, existing));
            }
        }

        if (foreign.Count > 0)
        {
            throw Conflict($"group '{Layout.GroupPath}' has no template but holds arrays of another layout", foreign);
        }

        await CreateAsync(cancellationToken).ConfigureAwait(false);
        return new StoreTemplateStatus(Layout.TemplateId, true);
    }

    /// <summary>
    /// Writes the <c>cell_ids</c> (NESTED ids at child order) and <c>morton</c> chunks of catalog cells
    /// <paramref name="firstChunkIndex"/>.. from their parent mortons, so coordinates are complete even for cells
    /// without data.
    /// </summary>
    public async Task WriteCoordinatesAsync(int firstChunkIndex, IReadOnlyList<long> parentMortons, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(parentMortons);
        if (firstChunkIndex < 0 || (long)firstChunkIndex + parentMortons.Count > Layout.TotalCells)
        {
            throw new ArgumentOutOfRangeException(nameof(firstChunkIndex),
                $"Chunks {firstChunkIndex}..{firstChunkIndex + parentMortons.Count - 1} are outside the store's {Layout.TotalCells} cells.");
        }

        foreach (var parent in parentMortons)
        {
            CheckParent(parent);
        }

        var cellIds = Layout.Arrays[0];
        var morton = Layout.Arrays[1];
        await Parallel.ForEachAsync(Enumerable.Range(0, parentMortons.Count),
            new ParallelOptions { MaxDegreeOfParallelism = CoordinateWriteConcurrency, CancellationToken = cancellationToken },
            async (i, ct) =>
            {
                var mortons = new long[Layout.ChunkLength];
                var nested = new ulong[Layout.ChunkLength];
                Morton.Children(parentMortons[i], Layout.ChildOrder, mortons, nested);
                Array ids = cellIds.DataType == DataType.Int64 ? Array.ConvertAll(nested, n => (long)n) : Convert(nested, cellIds);
                await WriteArrayChunkAsync(cellIds, firstChunkIndex + i, DataTypes.AsBytes(ids), ct).ConfigureAwait(false);
                Array mortonValues = morton.DataType == DataType.Int64 ? mortons : Convert(mortons, morton);
                await WriteArrayChunkAsync(morton, firstChunkIndex + i, DataTypes.AsBytes(mortonValues), ct).ConfigureAwait(false);
            }).ConfigureAwait(false);
    }

    /// <summary>
    /// Writes chunk <paramref name="chunkIndex"/> of every array from <paramref name="table"/>: coordinates and
    /// variables first, <see cref="DggsLayout.CompletionArray"/> last, so <see cref="HasChunkAsync"/> is true only
    /// once the whole cell is stored.
    /// </summary>
    public async Task WriteChunkAsync(int chunkIndex, ChildTable table, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(table);
        CheckChunkIndex(chunkIndex);
        CheckParent(table.ParentMorton);
        if (table.ChildOrder != Layout.ChildOrder || table.Length != Layout.ChunkLength)
        {
            throw new ArgumentException(
                $"The table of cell {table.ParentMorton} has {table.Length} children at order {table.ChildOrder}; the store needs {Layout.ChunkLength} at order {Layout.ChildOrder}.",
                nameof(table));
        }

        var columns = table.Columns.ToDictionary(c => c.Name, StringComparer.Ordinal);
        var encoded = new List<(DggsArray Array, byte[] Bytes)>(Layout.Arrays.Count);
        foreach (var array in Layout.Arrays)
        {
            if (!columns.Remove(array.Name, out var column))
            {
                throw new ArgumentException($"The table of cell {table.ParentMorton} has no column '{array.Name}'.", nameof(table));
            }

            if (column.DataType != array.DataType || column.Values.Length != Layout.ChunkLength)
            {
                throw new ArgumentException(
                    $"Column '{array.Name}' of cell {table.ParentMorton} is {column.Values.Length} x {column.DataType.Name()}; the store needs {Layout.ChunkLength} x {array.DataType.Name()}.",
                    nameof(table));
            }

            encoded.Add((array, ChunkCodec.Encode(column.Bytes, Layout.Compression)));
        }

        if (columns.Count > 0)
        {
            throw new ArgumentException($"The table of cell {table.ParentMorton} has columns the store does not: {string.Join(", ", columns.Keys)}.", nameof(table));
        }

        await Task.WhenAll(encoded.Take(encoded.Count - 1)
            .Select(e => _store.WriteAsync(Layout.ChunkKey(e.Array.Name, chunkIndex), e.Bytes, cancellationToken))).ConfigureAwait(false);
        var last = encoded[^1];
        await _store.WriteAsync(Layout.ChunkKey(last.Array.Name, chunkIndex), last.Bytes, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>True when <see cref="WriteChunkAsync"/> finished for <paramref name="chunkIndex"/> (one existence check).</summary>
    public Task<bool> HasChunkAsync(int chunkIndex, CancellationToken cancellationToken = default)
    {
        CheckChunkIndex(chunkIndex);
        return _store.ExistsAsync(Layout.ChunkKey(Layout.CompletionArray.Name, chunkIndex), cancellationToken);
    }

    /// <summary>
    /// Rewrites the root <c>zarr.json</c> with inline consolidated metadata (as zarr-python 3 writes it) holding the
    /// group and every array as stored; entries of other groups already consolidated in the root are kept.
    /// </summary>
    public async Task ConsolidateAsync(CancellationToken cancellationToken = default)
    {
        var root = ZarrMetadata.Parse(await _store.ReadAsync(RootKey, cancellationToken).ConfigureAwait(false), RootKey) ?? ZarrMetadata.RootGroup();
        var entries = new Dictionary<string, JsonNode>(StringComparer.Ordinal);
        if (root["consolidated_metadata"]?["metadata"] is JsonObject previous)
        {
            foreach (var (key, value) in previous)
            {
                if (value is not null && !IsInGroup(key))
                {
                    entries[key] = value.DeepClone();
                }
            }
        }

        var group = ZarrMetadata.Parse(await _store.ReadAsync(GroupKey, cancellationToken).ConfigureAwait(false), GroupKey)
            ?? throw new InvalidOperationException($"{_store.Location} has no group '{Layout.GroupPath}': call PrepareAsync first.");
        group["consolidated_metadata"] = ConsolidatedMetadata(new JsonObject());
        entries[Layout.GroupPath] = group;
        var arrays = await Task.WhenAll(Layout.Arrays.Select(async array =>
        {
            var key = Layout.ArrayMetadataKey(array.Name);
            var document = ZarrMetadata.Parse(await _store.ReadAsync(key, cancellationToken).ConfigureAwait(false), key)
                ?? throw new InvalidOperationException($"{_store.Location} has no array '{key}': call PrepareAsync first.");
            return (Path: $"{Layout.GroupPath}/{array.Name}", Document: document);
        })).ConfigureAwait(false);
        foreach (var (path, document) in arrays)
        {
            entries[path] = document;
        }

        // zarr-python >= 3.1.1 order: by path depth, then lexicographically.
        var metadata = new JsonObject();
        foreach (var (key, value) in entries.OrderBy(e => e.Key.Count(c => c == '/')).ThenBy(e => e.Key, StringComparer.Ordinal))
        {
            metadata[key] = value;
        }

        root.Remove("consolidated_metadata");
        root["consolidated_metadata"] = ConsolidatedMetadata(metadata);
        await _store.WriteAsync(RootKey, ZarrMetadata.Serialize(root), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The decoded (little-endian element bytes) chunk <paramref name="chunkIndex"/> of <paramref name="array"/>, or null when never written.</summary>
    public async Task<byte[]?> ReadChunkAsync(string array, int chunkIndex, CancellationToken cancellationToken = default)
    {
        Layout.GetArray(array);
        CheckChunkIndex(chunkIndex);
        var stored = await _store.ReadAsync(Layout.ChunkKey(array, chunkIndex), cancellationToken).ConfigureAwait(false);
        return stored is null ? null : ChunkCodec.Decode(stored, Layout.Compression);
    }

    private async Task CreateAsync(CancellationToken cancellationToken)
    {
        await EnsureRootAsync(dropConsolidatedGroup: true, cancellationToken).ConfigureAwait(false);
        await Task.WhenAll(Layout.Arrays.Select(array =>
            _store.WriteAsync(Layout.ArrayMetadataKey(array.Name), ZarrMetadata.Serialize(ZarrMetadata.Array(Layout, array)), cancellationToken)))
            .ConfigureAwait(false);

        // The group document (with the template id) goes last: its presence means the template is complete.
        await _store.WriteAsync(GroupKey, ZarrMetadata.Serialize(ZarrMetadata.DggsGroup(Layout)), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Creates the root group when missing; when (re)creating the group, drops its stale consolidated entries from the root.</summary>
    private async Task EnsureRootAsync(bool dropConsolidatedGroup, CancellationToken cancellationToken)
    {
        var root = ZarrMetadata.Parse(await _store.ReadAsync(RootKey, cancellationToken).ConfigureAwait(false), RootKey);
        if (root is null)
        {
            await _store.WriteAsync(RootKey, ZarrMetadata.Serialize(ZarrMetadata.RootGroup()), cancellationToken).ConfigureAwait(false);
            return;
        }

        if (root["node_type"]?.GetValue<string>() != "group" || root["zarr_format"]?.GetValue<int>() != 3)
        {
            throw Conflict("its root zarr.json is not a Zarr v3 group", []);
        }

        if (dropConsolidatedGroup && root["consolidated_metadata"]?["metadata"] is JsonObject consolidated && consolidated.Any(e => IsInGroup(e.Key)))
        {
            var kept = new JsonObject();
            foreach (var (key, value) in consolidated.Where(e => !IsInGroup(e.Key)).ToArray())
            {
                kept[key] = value?.DeepClone();
            }

            root.Remove("consolidated_metadata");
            if (kept.Count > 0)
            {
                root["consolidated_metadata"] = ConsolidatedMetadata(kept);
            }

            await _store.WriteAsync(RootKey, ZarrMetadata.Serialize(root), cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<List<string>> DifferencesAsync(JsonObject group, CancellationToken cancellationToken)
    {
        var differences = new List<string>();
        if (group["attributes"]?[ZarrMetadata.MaggAttribute] is JsonObject magg)
        {
            Compare("parent_order", Layout.ParentOrder);
            Compare("total_cells", Layout.TotalCells);
            var catalogCells = magg["catalog_cells"]?.ToString() ?? "";
            if (catalogCells != Layout.CatalogDigest)
            {
                differences.Add($"catalog cells: store {(catalogCells.Length > 0 ? catalogCells : "(none recorded)")}, run {(Layout.CatalogDigest.Length > 0 ? Layout.CatalogDigest : "(not given)")}");
            }

            var compression = DggsLayout.CompressionName(Layout.Compression);
            var theirs = magg["compression"]?.ToString();
            if (theirs != compression)
            {
                differences.Add($"compression: store {theirs ?? "(none recorded)"}, run {compression}");
            }

            void Compare(string name, int ours)
            {
                var value = magg[name]?.ToString();
                if (value != ours.ToString(CultureInfo.InvariantCulture))
                {
                    differences.Add($"{name}: store {value ?? "(none recorded)"}, run {ours}");
                }
            }
        }

        foreach (var array in Layout.Arrays)
        {
            var key = Layout.ArrayMetadataKey(array.Name);
            var existing = ZarrMetadata.Parse(await _store.ReadAsync(key, cancellationToken).ConfigureAwait(false), key);
            if (existing is null)
            {
                differences.Add($"array '{array.Name}' is missing");
            }
            else
            {
                differences.AddRange(ArrayDifferences(array, existing));
            }
        }

        return differences;
    }

    private IEnumerable<string> ArrayDifferences(DggsArray array, JsonObject existing)
    {
        var ours = ZarrMetadata.Array(Layout, array);
        foreach (var field in new[] { "shape", "data_type", "fill_value", "chunk_grid", "codecs" })
        {
            var theirs = existing[field];
            var mine = ours[field]!;
            if (theirs is null || !ZarrMetadata.SameDocument(theirs, mine))
            {
                yield return $"array '{array.Name}' {field}: store {theirs?.ToJsonString() ?? "(absent)"}, run {mine.ToJsonString()}";
            }
        }
    }

    private StoreConflictException Conflict(string what, List<string> differences) =>
        new($"The Zarr store {_store.Location} cannot take this run's layout: {what}"
            + (differences.Count > 0 ? $" ({string.Join("; ", differences)})" : "")
            + ". Run with overwrite to delete and recreate the group (its chunks are lost), or write to another store.");

    private static JsonObject ConsolidatedMetadata(JsonObject metadata) => new()
    {
        ["kind"] = "inline",
        ["must_understand"] = false,
        ["metadata"] = metadata,
    };

    private bool IsInGroup(string key) => key == Layout.GroupPath || key.StartsWith(Layout.GroupPath + "/", StringComparison.Ordinal);

    private Task WriteArrayChunkAsync(DggsArray array, int chunkIndex, ReadOnlySpan<byte> raw, CancellationToken cancellationToken) =>
        _store.WriteAsync(Layout.ChunkKey(array.Name, chunkIndex), ChunkCodec.Encode(raw, Layout.Compression), cancellationToken);

    private static Array Convert<T>(T[] values, DggsArray array)
        where T : struct, IConvertible
    {
        var result = array.DataType.CreateArray(values.Length);
        for (var i = 0; i < values.Length; i++)
        {
            DataTypes.Store(result, i, values[i].ToDouble(CultureInfo.InvariantCulture), array.FillValue);
        }

        return result;
    }

    private void CheckChunkIndex(int chunkIndex)
    {
        if (chunkIndex < 0 || chunkIndex >= Layout.TotalCells)
        {
            throw new ArgumentOutOfRangeException(nameof(chunkIndex), $"Chunk {chunkIndex} is outside the store's {Layout.TotalCells} cells.");
        }
    }

    private void CheckParent(long parentMorton)
    {
        if (!Morton.IsValid(parentMorton) || Morton.OrderOf(parentMorton) != Layout.ParentOrder)
        {
            throw new ArgumentException($"{parentMorton} is not a morton index at the store's parent order {Layout.ParentOrder}.", nameof(parentMorton));
        }
    }
}
