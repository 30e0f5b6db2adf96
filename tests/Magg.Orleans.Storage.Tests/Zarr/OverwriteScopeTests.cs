using Magg.Orleans.Storage.Objects;
using Magg.Orleans.Storage.Tests.Support;
using Magg.Orleans.Storage.Zarr;
using Magg.Orleans.TestSupport;

namespace Magg.Orleans.Storage.Tests.Zarr;

/// <summary>
/// Overwrite deletes only the store's own group (and that group's stamps): not another group of the same store, not a
/// store whose name merely starts the same, not the folder above, and not what a link inside the store points at.
/// </summary>
public sealed class OverwriteScopeTests
{
    [Fact]
    public async Task Overwrite_OnS3_TouchesNothingOutsideTheStoresGroup()
    {
        // Arrange: the store's group with a chunk and a stamp, and neighbours that share prefixes with it.
        var ct = TestContext.Current.CancellationToken;
        await using var moto = await MotoServer.StartAsync(ct);
        using var client = await S3TestClient.CreateAsync(moto, "scope", ct);
        using var bucket = new S3ObjectStore(client, "scope", "");
        using var objects = new S3ObjectStore(client, "scope", "stores/a.zarr");
        var store = new ZarrDggsStore(objects, Layouts.Reference());
        await store.PrepareAsync(false, ct);
        await store.WriteChunkAsync(0, Layouts.Table(store.Layout, Layouts.SmallParents[0], 1), ct);
        string[] neighbours =
        [
            "stores/a.zarr/11/zarr.json", "stores/a.zarr/1/keep", "stores/a.zarr/120/keep", "stores/a.zarr/_magg/cells/11/0.json",
            "stores/a.zarr/_magg/active/other-run.json", "stores/a.zarr-old/12/zarr.json", "stores/a.zarr12/keep", "stores/a.zarrx",
            "stores/12/keep", "stores/other.zarr/12/count/c/0", "12/zarr.json",
        ];
        foreach (var key in neighbours)
        {
            await bucket.WriteAsync(key, "keep"u8.ToArray(), ct);
        }

        // Act
        var status = await new ZarrDggsStore(objects, Layouts.Reference(totalCells: 9)).PrepareAsync(overwrite: true, ct);

        // Assert
        Assert.True(status.Created);
        Assert.False(await objects.ExistsAsync("12/count/c/0", ct));
        foreach (var key in neighbours)
        {
            Assert.Equal("keep"u8.ToArray(), await bucket.ReadAsync(key, ct));
        }

        var all = await ObjectStoreContract.ListAsync(bucket, "", ct);
        Assert.All(all.Except(neighbours), key => Assert.True(key.StartsWith("stores/a.zarr/12/", StringComparison.Ordinal) || key == "stores/a.zarr/zarr.json", key));
    }

    [Fact]
    public async Task Overwrite_LocalGroupThatIsALinkOutOfTheStore_RemovesTheLinkNotWhatItPointsAt()
    {
        // Arrange: the group folder was replaced by a link to a folder outside the store, next to a sibling store.
        var ct = TestContext.Current.CancellationToken;
        using var root = new TemporaryFolder();
        var outside = Directory.CreateDirectory(Path.Combine(root.Path, "precious")).FullName;
        await File.WriteAllTextAsync(Path.Combine(outside, "thesis.tex"), "keep", ct);
        var sibling = Directory.CreateDirectory(Path.Combine(root.Path, "a.zarr-old", "12")).FullName;
        await File.WriteAllTextAsync(Path.Combine(sibling, "zarr.json"), "keep", ct);
        var folder = Path.Combine(root.Path, "a.zarr");
        using var objects = new LocalObjectStore(folder);
        await new ZarrDggsStore(objects, Layouts.Reference()).PrepareAsync(false, ct);
        Directory.Delete(Path.Combine(folder, "12"), recursive: true);
        Directory.CreateSymbolicLink(Path.Combine(folder, "12"), outside);

        // Act
        var status = await new ZarrDggsStore(objects, Layouts.Reference()).PrepareAsync(overwrite: true, ct);

        // Assert
        Assert.True(status.Created);
        Assert.Equal("keep", await File.ReadAllTextAsync(Path.Combine(outside, "thesis.tex"), ct));
        Assert.Equal("keep", await File.ReadAllTextAsync(Path.Combine(sibling, "zarr.json"), ct));
        Assert.Null(new DirectoryInfo(Path.Combine(folder, "12")).LinkTarget);
        Assert.True(File.Exists(Path.Combine(folder, "12", "zarr.json")));
    }
}
