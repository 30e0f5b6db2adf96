using System.Text.Json.Nodes;
using Magg.Orleans.Storage.Objects;
using Magg.Orleans.Storage.Tests.Support;
using Magg.Orleans.Storage.Zarr;
using Magg.Orleans.TestSupport;

namespace Magg.Orleans.Storage.Tests.Zarr;

public sealed class ZarrDggsStoreS3Tests
{
    [Fact]
    public async Task WholeRun_OnMotoS3_WritesReusesConflictsAndOverwrites()
    {
        // Arrange
        var ct = TestContext.Current.CancellationToken;
        await using var moto = await MotoServer.StartAsync(ct);
        using var client = await S3TestClient.CreateAsync(moto, "output", ct);
        using var objects = new S3ObjectStore(client, "output", "stores/run.zarr");
        var store = new ZarrDggsStore(objects, Layouts.Reference(compression: ChunkCompression.Zstd));
        var tables = Layouts.SmallParents.Select((p, i) => Layouts.Table(store.Layout, p, i)).ToArray();

        // Act
        var created = await store.PrepareAsync(false, ct);
        await Task.WhenAll(tables.Select((t, i) => i == 2 ? Task.CompletedTask : store.WriteChunkAsync(i, t, ct)));
        await store.WriteCoordinatesAsync(0, Layouts.SmallParents, ct);
        await store.ConsolidateAsync(ct);
        var reused = await new ZarrDggsStore(objects, store.Layout).PrepareAsync(false, ct);
        var conflict = await Assert.ThrowsAsync<StoreConflictException>(() => new ZarrDggsStore(objects, Layouts.Reference()).PrepareAsync(false, ct));

        // Assert
        Assert.Equal((true, false), (created.Created, reused.Created));
        Assert.Contains("s3://output/stores/run.zarr/", conflict.Message, StringComparison.Ordinal);
        Assert.Contains("compression: store zstd, run none", conflict.Message, StringComparison.Ordinal);
        for (var i = 0; i < tables.Length; i++)
        {
            Assert.Equal(i != 2, await store.HasChunkAsync(i, ct));
            var cellIds = await store.ReadChunkAsync("cell_ids", i, ct);
            Assert.True(tables[i].CellIds.Bytes.SequenceEqual(cellIds));
            if (i != 2)
            {
                var hQ50 = await store.ReadChunkAsync("h_q50", i, ct);
                Assert.True(tables[i]["h_q50"].Bytes.SequenceEqual(hQ50));
            }
        }

        var root = JsonNode.Parse((await client.GetObjectAsync("output", "stores/run.zarr/zarr.json", ct)).ResponseStream)!;
        Assert.Equal(12, root["consolidated_metadata"]!["metadata"]!.AsObject().Count);

        // Overwrite empties the group on S3 too.
        var fresh = new ZarrDggsStore(objects, Layouts.Reference());
        Assert.True((await fresh.PrepareAsync(true, ct)).Created);
        Assert.Equal(13, (await ObjectStoreContract.ListAsync(objects, "", ct)).Count);
    }
}
