using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json.Nodes;
using Magg.Orleans.Core.Aggregation;
using Magg.Orleans.Core.Spatial;
using Magg.Orleans.Storage.Objects;
using Magg.Orleans.Storage.Tests.Support;
using Magg.Orleans.Storage.Zarr;
using Magg.Orleans.TestSupport;

namespace Magg.Orleans.Storage.Tests.Zarr;

public sealed class ZarrDggsStoreTests
{
    private const string SpecGroupAttributes = """
        {"zarr_conventions": [{"schema_url": "https://raw.githubusercontent.com/zarr-conventions/dggs/refs/tags/v1/schema.json",
           "spec_url": "https://github.com/zarr-conventions/dggs/blob/v1/README.md",
           "uuid": "7b255807-140c-42ca-97f6-7a1cfecdbc38", "name": "dggs",
           "description": "Discrete Global Grid Systems convention for zarr"}],
         "dggs": {"name": "healpix", "refinement_level": 12, "indexing_scheme": "nested", "spatial_dimension": "cells",
           "ellipsoid": {"name": "WGS84", "semimajor_axis": 6378137.0, "inverse_flattening": 298.257223563},
           "coordinate": "cell_ids", "compression": "none"}}
        """;

    [Fact]
    public async Task PrepareAsync_NewStore_WritesTheSpecGroupAttributesExactly()
    {
        // Arrange
        using var folder = new TemporaryFolder();
        using var objects = new LocalObjectStore(folder.Path);
        var store = new ZarrDggsStore(objects, Layouts.Reference());
        var ct = TestContext.Current.CancellationToken;

        // Act
        var status = await store.PrepareAsync(overwrite: false, ct);

        // Assert
        Assert.Equal(new StoreTemplateStatus(store.Layout.TemplateId, true), status);
        var text = await File.ReadAllTextAsync(Path.Combine(folder.Path, "12", "zarr.json"), ct);
        var group = JsonNode.Parse(text)!.AsObject();
        Assert.Equal(("group", 3), (group["node_type"]!.GetValue<string>(), group["zarr_format"]!.GetValue<int>()));
        var attributes = group["attributes"]!.AsObject();
        var expected = JsonNode.Parse(SpecGroupAttributes)!.AsObject();
        foreach (var (name, value) in expected)
        {
            Assert.True(JsonNode.DeepEquals(value, attributes[name]), $"{name}: {attributes[name]?.ToJsonString()}");
            Assert.Equal(KeyOrder(value!), KeyOrder(attributes[name]!));
        }

        Assert.Contains("\"semimajor_axis\": 6378137.0,", text, StringComparison.Ordinal);
        Assert.Contains("\"inverse_flattening\": 298.257223563", text, StringComparison.Ordinal);
        var magg = attributes["magg"]!.AsObject();
        Assert.Equal(store.Layout.TemplateId, magg["template_id"]!.GetValue<string>());
        Assert.Equal("spherical", magg["latitude"]!.GetValue<string>());
        Assert.Equal(6, magg["parent_order"]!.GetValue<int>());
        Assert.Equal("""{"zarr_format":3,"node_type":"group","attributes":{}}""",
            JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(folder.Path, "zarr.json"), ct))!.ToJsonString());
    }

    [Fact]
    public async Task PrepareAsync_NewStore_WritesOneZarrV3ArrayPerCoordinateAndVariable()
    {
        // Arrange
        using var folder = new TemporaryFolder();
        using var objects = new LocalObjectStore(folder.Path);
        var store = new ZarrDggsStore(objects, Layouts.Reference());
        var ct = TestContext.Current.CancellationToken;

        // Act
        await store.PrepareAsync(false, ct);

        // Assert
        var hMean = await ReadJsonAsync(objects, "12/h_mean/zarr.json", ct);
        Assert.Equal("""
            {"zarr_format":3,"node_type":"array","shape":[20480],"data_type":"float32","chunk_grid":{"name":"regular","configuration":{"chunk_shape":[4096]}},"chunk_key_encoding":{"name":"default","configuration":{"separator":"/"}},"fill_value":"NaN","codecs":[{"name":"bytes","configuration":{"endian":"little"}}],"attributes":{},"dimension_names":["cells"],"storage_transformers":[]}
            """, hMean.ToJsonString());
        var count = await ReadJsonAsync(objects, "12/count/zarr.json", ct);
        Assert.Equal(("int32", "0"), (count["data_type"]!.GetValue<string>(), count["fill_value"]!.ToJsonString()));
        var morton = await ReadJsonAsync(objects, "12/morton/zarr.json", ct);
        Assert.Equal(("int64", "0"), (morton["data_type"]!.GetValue<string>(), morton["fill_value"]!.ToJsonString()));
        var cellIds = await ReadJsonAsync(objects, "12/cell_ids/zarr.json", ct);
        Assert.Equal("uint64", cellIds["data_type"]!.GetValue<string>());
        Assert.Equal("""{"grid_name":"healpix","level":12,"indexing_scheme":"nested","ellipsoid":{"name":"WGS84","semimajor_axis":6378137.0,"inverse_flattening":298.257223563}}""",
            cellIds["attributes"]!.ToJsonString());
        Assert.Equal(store.Layout.Arrays.Select(a => $"12/{a.Name}/zarr.json").Append("12/zarr.json").Append("zarr.json").Order(StringComparer.Ordinal),
            await ObjectStoreContract.ListAsync(objects, "", ct));
    }

    [Theory]
    [InlineData(DataType.Float32, double.NaN, "\"NaN\"")]
    [InlineData(DataType.Float32, double.PositiveInfinity, "\"Infinity\"")]
    [InlineData(DataType.Float64, double.NegativeInfinity, "\"-Infinity\"")]
    [InlineData(DataType.Float32, -9999, "-9999.0")]
    [InlineData(DataType.Float32, 0.1, "0.1")]
    [InlineData(DataType.Float64, 1e300, "1E+300")]
    [InlineData(DataType.Int16, -1, "-1")]
    [InlineData(DataType.UInt64, 9007199254740992, "9007199254740992")]
    [InlineData(DataType.UInt8, 255, "255")]
    public async Task PrepareAsync_FillValue_IsWrittenAsZarrV3Json(DataType type, double fill, string json)
    {
        // Arrange
        using var folder = new TemporaryFolder();
        using var objects = new LocalObjectStore(folder.Path);
        var layout = new DggsLayout(12, 6, 2, [.. Layouts.Reference().Arrays.Take(2), new DggsArray("v", type, fill)]);

        // Act
        await new ZarrDggsStore(objects, layout).PrepareAsync(false, TestContext.Current.CancellationToken);

        // Assert
        var metadata = await ReadJsonAsync(objects, "12/v/zarr.json", TestContext.Current.CancellationToken);
        Assert.Equal(json, metadata["fill_value"]!.ToJsonString());
        Assert.Equal(type.Name(), metadata["data_type"]!.GetValue<string>());
    }

    [Fact]
    public async Task PrepareAsync_SameTemplateAgain_ReusesItAndKeepsChunks()
    {
        // Arrange
        using var folder = new TemporaryFolder();
        using var objects = new LocalObjectStore(folder.Path);
        var ct = TestContext.Current.CancellationToken;
        var first = new ZarrDggsStore(objects, Layouts.Reference());
        await first.PrepareAsync(false, ct);
        await first.WriteChunkAsync(2, Layouts.Table(first.Layout, Layouts.SmallParents[2], 1), ct);

        await first.ConsolidateAsync(ct);
        var root = await objects.ReadAsync("zarr.json", ct);

        // Act
        var again = await new ZarrDggsStore(objects, Layouts.Reference()).PrepareAsync(false, ct);

        // Assert
        Assert.Equal(new StoreTemplateStatus(first.Layout.TemplateId, false), again);
        Assert.True(await first.HasChunkAsync(2, ct));
        Assert.Equal(root, await objects.ReadAsync("zarr.json", ct));
    }

    [Fact]
    public async Task PrepareAsync_DifferentTemplate_ThrowsNamingStoreAndDifferencesAndLeavesStoreAlone()
    {
        // Arrange
        using var folder = new TemporaryFolder();
        using var objects = new LocalObjectStore(folder.Path);
        var ct = TestContext.Current.CancellationToken;
        var first = new ZarrDggsStore(objects, Layouts.Reference());
        await first.PrepareAsync(false, ct);
        await first.WriteChunkAsync(0, Layouts.Table(first.Layout, Layouts.SmallParents[0], 1), ct);
        var arrays = Layouts.Reference().Arrays.ToList();
        arrays[5] = arrays[5] with { DataType = DataType.Float64 };
        var other = new ZarrDggsStore(objects, new DggsLayout(12, 6, 7, arrays));

        // Act
        var conflict = await Assert.ThrowsAsync<StoreConflictException>(() => other.PrepareAsync(false, ct));

        // Assert
        Assert.Contains(folder.Path, conflict.Message, StringComparison.Ordinal);
        Assert.Contains("total_cells: store 5, run 7", conflict.Message, StringComparison.Ordinal);
        Assert.Contains("array 'h_mean' data_type: store \"float32\", run \"float64\"", conflict.Message, StringComparison.Ordinal);
        Assert.Contains("overwrite", conflict.Message, StringComparison.Ordinal);
        Assert.True(await first.HasChunkAsync(0, ct));
        Assert.Equal(new StoreTemplateStatus(first.Layout.TemplateId, false), await first.PrepareAsync(false, ct));
    }

    [Fact]
    public async Task PrepareAsync_Overwrite_DeletesTheGroupAndRecreatesIt()
    {
        // Arrange
        using var folder = new TemporaryFolder();
        using var objects = new LocalObjectStore(folder.Path);
        var ct = TestContext.Current.CancellationToken;
        var first = new ZarrDggsStore(objects, Layouts.Reference());
        await first.PrepareAsync(false, ct);
        await first.WriteChunkAsync(0, Layouts.Table(first.Layout, Layouts.SmallParents[0], 1), ct);
        await first.ConsolidateAsync(ct);
        await objects.WriteAsync("unrelated/keep", "x"u8.ToArray(), ct);
        var other = new ZarrDggsStore(objects, Layouts.Reference(totalCells: 9, compression: ChunkCompression.Zstd));

        // Act
        var status = await other.PrepareAsync(overwrite: true, ct);

        // Assert
        Assert.Equal(new StoreTemplateStatus(other.Layout.TemplateId, true), status);
        Assert.False(await other.HasChunkAsync(0, ct));
        Assert.Null(await objects.ReadAsync("12/count/c/0", ct));
        Assert.True(await objects.ExistsAsync("unrelated/keep", ct));
        var root = await ReadJsonAsync(objects, "zarr.json", ct);
        Assert.Null(root["consolidated_metadata"]);
        Assert.Equal("[36864]", (await ReadJsonAsync(objects, "12/h_q50/zarr.json", ct))["shape"]!.ToJsonString());
        Assert.Equal(new StoreTemplateStatus(other.Layout.TemplateId, false), await other.PrepareAsync(false, ct));
    }

    [Fact]
    public async Task PrepareAsync_GroupNotWrittenByUs_Conflicts()
    {
        using var folder = new TemporaryFolder();
        using var objects = new LocalObjectStore(folder.Path);
        var ct = TestContext.Current.CancellationToken;
        await objects.WriteAsync("12/zarr.json", Encoding.UTF8.GetBytes("""{"zarr_format":3,"node_type":"group","attributes":{}}"""), ct);

        var conflict = await Assert.ThrowsAsync<StoreConflictException>(() => new ZarrDggsStore(objects, Layouts.Reference()).PrepareAsync(false, ct));

        Assert.Contains("no magg.template_id", conflict.Message, StringComparison.Ordinal);
        Assert.Contains("array 'count' is missing", conflict.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ChunkCompression.None)]
    [InlineData(ChunkCompression.Zstd)]
    [InlineData(ChunkCompression.Gzip)]
    public async Task WriteChunkAsync_Table_ReadsBackEveryArrayBitForBit(ChunkCompression compression)
    {
        // Arrange
        using var folder = new TemporaryFolder();
        using var objects = new LocalObjectStore(folder.Path);
        var ct = TestContext.Current.CancellationToken;
        var store = new ZarrDggsStore(objects, Layouts.Reference(compression: compression));
        await store.PrepareAsync(false, ct);
        var table = Layouts.Table(store.Layout, Layouts.SmallParents[3], 3);

        // Act
        var before = await store.HasChunkAsync(3, ct);
        await store.WriteChunkAsync(3, table, ct);

        // Assert
        Assert.False(before);
        Assert.True(await store.HasChunkAsync(3, ct));
        Assert.False(await store.HasChunkAsync(2, ct));
        foreach (var column in table.Columns)
        {
            var chunk = await store.ReadChunkAsync(column.Name, 3, ct);
            Assert.NotNull(chunk);
            Assert.True(column.Bytes.SequenceEqual(chunk), column.Name);
            var stored = (await objects.ReadAsync($"12/{column.Name}/c/3", ct))!;
            Assert.Equal(compression == ChunkCompression.None, stored.Length == column.Bytes.Length);
        }

        Assert.Null(await store.ReadChunkAsync("h_mean", 2, ct));
    }

    [Fact]
    public async Task WriteCoordinatesAsync_CellsWithoutData_HoldTrueCoordinatesAndNoVariableChunks()
    {
        // Arrange
        using var folder = new TemporaryFolder();
        using var objects = new LocalObjectStore(folder.Path);
        var ct = TestContext.Current.CancellationToken;
        var store = new ZarrDggsStore(objects, Layouts.Reference());
        await store.PrepareAsync(false, ct);

        // Act
        await store.WriteCoordinatesAsync(1, Layouts.SmallParents[1..4], ct);

        // Assert
        for (var i = 1; i < 4; i++)
        {
            var expectedMortons = new long[4096];
            var expectedNested = new ulong[4096];
            Morton.Children(Layouts.SmallParents[i], 12, expectedMortons, expectedNested);
            Assert.Equal(expectedNested, MemoryMarshal.Cast<byte, ulong>((await store.ReadChunkAsync("cell_ids", i, ct))!).ToArray());
            Assert.Equal(expectedMortons, MemoryMarshal.Cast<byte, long>((await store.ReadChunkAsync("morton", i, ct))!).ToArray());
            Assert.False(await store.HasChunkAsync(i, ct));
            Assert.Null(await store.ReadChunkAsync("count", i, ct));
        }

        Assert.Null(await store.ReadChunkAsync("cell_ids", 0, ct));
        Assert.Null(await store.ReadChunkAsync("morton", 4, ct));
        Assert.Equal(-6121211111111, MemoryMarshal.Cast<byte, long>((await store.ReadChunkAsync("morton", 1, ct))!)[0]);
    }

    [Fact]
    public async Task WriteAsync_TablesThatDoNotFit_AreRejected()
    {
        using var folder = new TemporaryFolder();
        using var objects = new LocalObjectStore(folder.Path);
        var ct = TestContext.Current.CancellationToken;
        var store = new ZarrDggsStore(objects, Layouts.Reference());
        await store.PrepareAsync(false, ct);
        var table = Layouts.Table(store.Layout, Layouts.SmallParents[0], 1);
        var otherLayout = new DggsLayout(12, 6, 5, [.. Layouts.Reference().Arrays.Take(10)]);

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => store.WriteChunkAsync(5, table, ct));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => store.WriteChunkAsync(-1, table, ct));
        await Assert.ThrowsAsync<ArgumentException>(() => store.WriteChunkAsync(0, Layouts.Table(otherLayout, Layouts.SmallParents[0], 1), ct));
        await Assert.ThrowsAsync<ArgumentException>(() => store.WriteChunkAsync(0, table with { Variables = [.. table.Variables.Skip(1)] }, ct));
        await Assert.ThrowsAsync<ArgumentException>(() =>
            store.WriteChunkAsync(0, table with { Variables = [table.Variables[0] with { DataType = DataType.Float32, Values = new float[4096] }, .. table.Variables.Skip(1)] }, ct));
        await Assert.ThrowsAsync<ArgumentException>(() => store.WriteChunkAsync(0, table with { ParentMorton = -61212121 }, ct));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => store.WriteCoordinatesAsync(4, Layouts.SmallParents[..2], ct));
        await Assert.ThrowsAsync<ArgumentException>(() => store.WriteCoordinatesAsync(0, [-612121], ct));
        Assert.Empty(await ObjectStoreContract.ListAsync(objects, "12/count/c/", ct));
    }

    [Fact]
    public async Task WriteChunkAsync_ManyCellsAtOnce_AllLand()
    {
        // Arrange
        using var folder = new TemporaryFolder();
        using var objects = new LocalObjectStore(folder.Path);
        var ct = TestContext.Current.CancellationToken;
        var parents = Enumerable.Range(0, 64).Select(i => Morton.FromNested(33312 + i, 6)).ToArray();
        var store = new ZarrDggsStore(objects, Layouts.Reference(totalCells: parents.Length, compression: ChunkCompression.Zstd));
        await store.PrepareAsync(false, ct);
        var tables = parents.Select((p, i) => Layouts.Table(store.Layout, p, i)).ToArray();

        // Act: a fresh writer per cell, as grains on different silos would have.
        await Parallel.ForEachAsync(Enumerable.Range(0, parents.Length), new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = ct },
            async (i, token) => await new ZarrDggsStore(objects, store.Layout).WriteChunkAsync(i, tables[i], token));

        // Assert
        for (var i = 0; i < parents.Length; i++)
        {
            Assert.True(await store.HasChunkAsync(i, ct));
            var chunk = await store.ReadChunkAsync("h_mean", i, ct);
            Assert.True(tables[i]["h_mean"].Bytes.SequenceEqual(chunk));
        }
    }

    [Fact]
    public async Task ConsolidateAsync_RootHoldsEveryNodeAsStored_InZarrPythonForm()
    {
        // Arrange
        using var folder = new TemporaryFolder();
        using var objects = new LocalObjectStore(folder.Path);
        var ct = TestContext.Current.CancellationToken;
        var store = new ZarrDggsStore(objects, Layouts.Reference());
        await store.PrepareAsync(false, ct);
        await store.WriteCoordinatesAsync(0, Layouts.SmallParents, ct);

        // Act
        await store.ConsolidateAsync(ct);
        var once = await objects.ReadAsync("zarr.json", ct);
        await store.ConsolidateAsync(ct);

        // Assert
        Assert.Equal(once, await objects.ReadAsync("zarr.json", ct));
        var root = JsonNode.Parse(once)!.AsObject();
        Assert.Equal(["zarr_format", "node_type", "attributes", "consolidated_metadata"], root.Select(p => p.Key));
        var consolidated = root["consolidated_metadata"]!.AsObject();
        Assert.Equal(("inline", false), (consolidated["kind"]!.GetValue<string>(), consolidated["must_understand"]!.GetValue<bool>()));
        var metadata = consolidated["metadata"]!.AsObject();
        Assert.Equal(["12", .. store.Layout.Arrays.Select(a => $"12/{a.Name}").Order(StringComparer.Ordinal)], metadata.Select(p => p.Key));
        foreach (var array in store.Layout.Arrays)
        {
            var own = await ReadJsonAsync(objects, $"12/{array.Name}/zarr.json", ct);
            Assert.True(JsonNode.DeepEquals(own, metadata[$"12/{array.Name}"]), array.Name);
        }

        var group = await ReadJsonAsync(objects, "12/zarr.json", ct);
        group["consolidated_metadata"] = JsonNode.Parse("""{"kind":"inline","must_understand":false,"metadata":{}}""");
        Assert.True(JsonNode.DeepEquals(group, metadata["12"]));
    }

    [Fact]
    public async Task ConsolidateAsync_TwoGroupsInOneStore_KeepsTheOtherGroupsEntries()
    {
        using var folder = new TemporaryFolder();
        using var objects = new LocalObjectStore(folder.Path);
        var ct = TestContext.Current.CancellationToken;
        var twelve = new ZarrDggsStore(objects, Layouts.Reference());
        var ten = new ZarrDggsStore(objects, new DggsLayout(10, 6, 5, Layouts.Reference().Arrays));
        await twelve.PrepareAsync(false, ct);
        await ten.PrepareAsync(false, ct);

        await twelve.ConsolidateAsync(ct);
        await ten.ConsolidateAsync(ct);

        var keys = (await ReadJsonAsync(objects, "zarr.json", ct))["consolidated_metadata"]!["metadata"]!.AsObject().Select(p => p.Key).ToArray();
        Assert.Equal(["10", "12", .. twelve.Layout.Arrays.Select(a => $"10/{a.Name}").Order(StringComparer.Ordinal),
            .. twelve.Layout.Arrays.Select(a => $"12/{a.Name}").Order(StringComparer.Ordinal)], keys);
    }

    internal static async Task<JsonObject> ReadJsonAsync(IObjectStore objects, string key, CancellationToken ct) =>
        JsonNode.Parse((await objects.ReadAsync(key, ct))!)!.AsObject();

    private static string[] KeyOrder(JsonNode node) => node switch
    {
        JsonObject o => [.. o.SelectMany(p => (string[])[p.Key, .. KeyOrder(p.Value!)])],
        JsonArray a => [.. a.SelectMany(n => KeyOrder(n!))],
        _ => [],
    };
}
