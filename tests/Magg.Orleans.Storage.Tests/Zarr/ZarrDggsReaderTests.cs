using System.Globalization;
using System.Text.Json.Nodes;
using Magg.Orleans.Core.Aggregation;
using Magg.Orleans.Storage.Objects;
using Magg.Orleans.Storage.Tests.Support;
using Magg.Orleans.Storage.Zarr;
using Magg.Orleans.TestSupport;

namespace Magg.Orleans.Storage.Tests.Zarr;

/// <summary>The reader against our writer, against zarrita reading the same store, and against a store zarrita wrote.</summary>
public sealed class ZarrDggsReaderTests
{
    private const int AbsentCell = 2;

    [Theory]
    [InlineData(ChunkCompression.None)]
    [InlineData(ChunkCompression.Zstd)]
    [InlineData(ChunkCompression.Gzip)]
    public async Task Read_WrittenAndConsolidatedStore_GivesBackEveryChunkAsWritten(ChunkCompression compression)
    {
        // Arrange
        var ct = TestContext.Current.CancellationToken;
        using var folder = new TemporaryFolder();
        using var objects = new LocalObjectStore(folder.Path);
        var (store, tables) = await WriteAsync(objects, compression, consolidate: true, ct);

        // Act
        var reader = await ZarrDggsReader.OpenAsync(objects, ct);
        var groups = await reader.ListGroupsAsync(ct);
        var group = await reader.OpenGroupAsync("12", ct);

        // Assert
        Assert.True(reader.IsConsolidated);
        Assert.Equal(["12"], groups);
        Assert.Equal(12, group.HealpixOrder);
        Assert.Equal(store.Layout.Arrays.Select(a => a.Name).Order(StringComparer.Ordinal), group.Arrays);
        await AssertReadsAsWrittenAsync(reader, group, store.Layout, tables, ct);
    }

    [Fact]
    public async Task Read_StoreNotConsolidatedYet_ListsArraysFromKeys()
    {
        // Arrange: a run in progress (template and chunks, no consolidated metadata).
        var ct = TestContext.Current.CancellationToken;
        using var folder = new TemporaryFolder();
        using var objects = new LocalObjectStore(folder.Path);
        var (store, tables) = await WriteAsync(objects, ChunkCompression.Zstd, consolidate: false, ct);

        // Act
        var reader = await ZarrDggsReader.OpenAsync(objects, ct);
        var group = await reader.OpenGroupAsync("12", ct);

        // Assert
        Assert.False(reader.IsConsolidated);
        Assert.Equal(["12"], await reader.ListGroupsAsync(ct));
        Assert.Equal(store.Layout.Arrays.Select(a => a.Name).Order(StringComparer.Ordinal), group.Arrays);
        await AssertReadsAsWrittenAsync(reader, group, store.Layout, tables, ct);
    }

    [Fact]
    public async Task Read_OnMotoS3_GivesBackTheChunksAndListsOnlyThoseWritten()
    {
        // Arrange
        var ct = TestContext.Current.CancellationToken;
        await using var moto = await MotoServer.StartAsync(ct);
        using var client = await S3TestClient.CreateAsync(moto, "output", ct);
        using var objects = new S3ObjectStore(client, "output", "stores/read.zarr");
        var (store, tables) = await WriteAsync(objects, ChunkCompression.Gzip, consolidate: true, ct);

        // Act
        var reader = await ZarrDggsReader.OpenAsync(objects, ct);
        var group = await reader.OpenGroupAsync("12", ct);

        // Assert
        await AssertReadsAsWrittenAsync(reader, group, store.Layout, tables, ct);
    }

    [Theory]
    [InlineData(ChunkCompression.None)]
    [InlineData(ChunkCompression.Zstd)]
    public async Task Read_SmallFixtureStore_AgreesWithZarritaOnEveryValue(ChunkCompression compression)
    {
        // Arrange
        var ct = TestContext.Current.CancellationToken;
        ExternalTool.Require("npm", "apt-get install nodejs npm");
        using var folder = new TemporaryFolder();
        using var objects = new LocalObjectStore(folder.Path);
        var (store, _, _) = await SmallFixtureStore.WriteAsync(objects, compression, skippedCell: 3, ct);
        var names = store.Layout.Arrays.Select(a => a.Name).ToArray();

        // Act
        var zarrita = await Zarrita.ReadAsync(folder.Path, "12", names, ct);
        var reader = await ZarrDggsReader.OpenAsync(objects, ct);
        var group = await reader.OpenGroupAsync("12", ct);

        // Assert
        foreach (var name in names)
        {
            var ours = await reader.ReadArrayAsync(await reader.OpenArrayAsync(group, name, ct), ct);
            var theirs = zarrita["arrays"]![name]!["values"]!.AsArray();
            Assert.Equal(theirs.Count, ours.Length);
            var differences = Enumerable.Range(0, ours.Length)
                .Where(i => !Same(DataTypes.GetDouble(ours, i), theirs[i]!))
                .Select(i => $"{name}[{i}]: ours {DataTypes.GetDouble(ours, i)}, zarrita {theirs[i]}")
                .Take(10)
                .ToList();
            Assert.Empty(differences);
        }
    }

    [Fact]
    public async Task Read_StoreWrittenByZarrita_BigEndianZstdDotKeysAndAbsentChunks()
    {
        // Arrange
        var ct = TestContext.Current.CancellationToken;
        ExternalTool.Require("npm", "apt-get install nodejs npm");
        using var folder = new TemporaryFolder();
        await Zarrita.WriteSampleAsync(folder.Path, ct);
        using var objects = new LocalObjectStore(folder.Path);

        // Act
        var reader = await ZarrDggsReader.OpenAsync(objects, ct);
        var group = await reader.OpenGroupAsync("5", ct);
        var h = await reader.OpenArrayAsync(group, "h", ct);
        var n = await reader.OpenArrayAsync(group, "n", ct);

        // Assert
        Assert.False(reader.IsConsolidated);
        Assert.Equal(5, group.HealpixOrder);
        Assert.Equal(["h", "n"], group.Arrays);
        Assert.True(h.BigEndian);
        Assert.Equal([ChunkCompression.Zstd], h.Compressors);
        Assert.Equal([0L, 2L], await reader.ListChunksAsync(h, ct));
        Assert.Equal([1L], await reader.ListChunksAsync(n, ct));
        var hValues = (float[])await reader.ReadArrayAsync(h, ct);
        var nValues = (int[])await reader.ReadArrayAsync(n, ct);
        for (var i = 0; i < 16; i++)
        {
            Assert.Equal((float)(i * 1.5 - 3), hValues[i]);
            Assert.True(float.IsNaN(hValues[16 + i]), $"h[{16 + i}] is the fill value");
            Assert.Equal(-i / 4f, hValues[32 + i]);
            Assert.Equal((7, i - 8, 7), (nValues[i], nValues[16 + i], nValues[32 + i]));
        }
    }

    [Fact]
    public async Task Open_FolderWithoutZarrJson_SaysItIsNotAZarrStore()
    {
        using var folder = new TemporaryFolder();
        using var objects = new LocalObjectStore(folder.Path);

        var error = await Assert.ThrowsAsync<ZarrReadException>(() => ZarrDggsReader.OpenAsync(objects, TestContext.Current.CancellationToken));

        Assert.Equal($"{folder.Path} is not a Zarr store: it has no zarr.json.", error.Message);
    }

    [Fact]
    public async Task Open_UnknownGroupOrArray_ListsWhatThereIs()
    {
        // Arrange
        var ct = TestContext.Current.CancellationToken;
        using var folder = new TemporaryFolder();
        using var objects = new LocalObjectStore(folder.Path);
        await WriteAsync(objects, ChunkCompression.None, consolidate: true, ct);
        var reader = await ZarrDggsReader.OpenAsync(objects, ct);
        var group = await reader.OpenGroupAsync("12", ct);

        // Act
        var noGroup = await Assert.ThrowsAsync<ZarrReadException>(() => reader.OpenGroupAsync("11", ct));
        var noArray = await Assert.ThrowsAsync<ZarrReadException>(() => reader.OpenArrayAsync(group, "h_meen", ct));
        var escape = await Assert.ThrowsAsync<ZarrReadException>(() => reader.OpenArrayAsync(group, "../12/h_mean", ct));

        // Assert
        Assert.Equal($"{folder.Path} has no group '11'; its groups are: 12.", noGroup.Message);
        Assert.StartsWith("Group '12' of ", noArray.Message, StringComparison.Ordinal);
        Assert.Contains("has no array 'h_meen'; its arrays are: cell_ids, count, h_max,", noArray.Message, StringComparison.Ordinal);
        Assert.Contains("has no array '../12/h_mean'", escape.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"name": "blosc", "configuration": {}}""", "codec 'blosc' is not supported here")]
    [InlineData("""{"name": "crc32c"}""", "codec 'crc32c' is not supported here")]
    public async Task OpenArray_UnsupportedCodec_NamesIt(string codec, string expected)
    {
        // Arrange
        var ct = TestContext.Current.CancellationToken;
        using var folder = new TemporaryFolder();
        using var objects = new LocalObjectStore(folder.Path);
        await WriteAsync(objects, ChunkCompression.None, consolidate: true, ct);
        var key = "12/h_mean/zarr.json";
        var document = JsonNode.Parse(await objects.ReadAsync(key, ct))!;
        document["codecs"]!.AsArray().Add(JsonNode.Parse(codec));
        await objects.WriteAsync(key, System.Text.Encoding.UTF8.GetBytes(document.ToJsonString()), ct);
        var reader = await ZarrDggsReader.OpenAsync(objects, ct);

        // Act
        var error = await Assert.ThrowsAsync<ZarrReadException>(async () => await reader.OpenArrayAsync(await reader.OpenGroupAsync("12", ct), "h_mean", ct));

        // Assert
        Assert.Equal($"Array '12/h_mean' cannot be read: {expected} (transpose, bytes, then gzip or zstd are).", error.Message);
    }

    [Fact]
    public async Task ReadChunk_WrongLength_NamesTheChunk()
    {
        // Arrange
        var ct = TestContext.Current.CancellationToken;
        using var folder = new TemporaryFolder();
        using var objects = new LocalObjectStore(folder.Path);
        await WriteAsync(objects, ChunkCompression.None, consolidate: true, ct);
        await objects.WriteAsync("12/h_mean/c/1", new byte[10], ct);
        var reader = await ZarrDggsReader.OpenAsync(objects, ct);
        var array = await reader.OpenArrayAsync(await reader.OpenGroupAsync("12", ct), "h_mean", ct);

        // Act
        var error = await Assert.ThrowsAsync<ZarrReadException>(() => reader.ReadChunkAsync(array, 1, ct));

        // Assert
        Assert.Equal("Chunk 12/h_mean/c/1 holds 10 bytes; 4096 float32 values take 16384.", error.Message);
    }

    /// <summary>The reference layout over the small fixture's five parents, chunk <see cref="AbsentCell"/> without variables.</summary>
    private static async Task<(ZarrDggsStore Store, ChildTable[] Tables)> WriteAsync(IObjectStore objects, ChunkCompression compression, bool consolidate,
        CancellationToken ct)
    {
        var store = new ZarrDggsStore(objects, Layouts.Reference(compression: compression));
        var tables = Layouts.SmallParents.Select((p, i) => Layouts.Table(store.Layout, p, i)).ToArray();
        await store.PrepareAsync(false, ct);
        await Task.WhenAll(tables.Select((t, i) => i == AbsentCell ? Task.CompletedTask : store.WriteChunkAsync(i, t, ct)));
        await store.WriteCoordinatesAsync(0, Layouts.SmallParents, ct);
        if (consolidate)
        {
            await store.ConsolidateAsync(ct);
        }

        return (store, tables);
    }

    private static async Task AssertReadsAsWrittenAsync(ZarrDggsReader reader, ZarrGroupMetadata group, DggsLayout layout, ChildTable[] tables,
        CancellationToken ct)
    {
        foreach (var written in layout.Arrays)
        {
            var array = await reader.OpenArrayAsync(group, written.Name, ct);
            Assert.Equal((layout.Length, layout.ChunkLength, written.DataType), (array.Length, array.ChunkLength, array.DataType));
            Assert.Equal(written.FillValue, array.FillValue);
            Assert.Equal(layout.Compression == ChunkCompression.None ? [] : new[] { layout.Compression }, array.Compressors);
            var isCoordinate = written.Name is DggsLayout.CellIdsName or DggsLayout.MortonName;
            Assert.Equal(isCoordinate ? [0L, 1, 2, 3, 4] : new long[] { 0, 1, 3, 4 }, await reader.ListChunksAsync(array, ct));
            for (var i = 0; i < tables.Length; i++)
            {
                var chunk = await reader.ReadChunkAsync(array, i, ct);
                if (i == AbsentCell && !isCoordinate)
                {
                    Assert.Null(chunk);
                    continue;
                }

                Assert.NotNull(chunk);
                Assert.True(tables[i][written.Name].Bytes.SequenceEqual(DataTypes.AsBytes(chunk)), $"{written.Name} chunk {i}");
            }
        }
    }

    private static bool Same(double ours, JsonNode theirs) =>
        theirs.GetValueKind() == System.Text.Json.JsonValueKind.String
            ? theirs.GetValue<string>() == ours.ToString(CultureInfo.InvariantCulture)
                || (double.IsNaN(ours) && theirs.GetValue<string>() == "NaN")
                || double.Parse(theirs.GetValue<string>(), CultureInfo.InvariantCulture) == ours
            : theirs.GetValue<double>() == ours;
}
