using Magg.Orleans.Grains.Hosting;
using Magg.Orleans.Grains.Services;
using Microsoft.Extensions.Options;

namespace Magg.Orleans.Grains.Tests;

/// <summary>
/// A store has one identity however it is spelled (so one chunk has one cell grain), a store that fails to open is tried
/// again, and a silo keeps no more store clients than <see cref="OutputStoreOptions.MaxClients"/>.
/// </summary>
public sealed class StoreIdentityTests
{
    [Theory]
    [InlineData("s3://bucket/prefix", "s3://bucket//prefix/")]
    [InlineData("s3://bucket/a/b", "S3://bucket/a//b")]
    [InlineData("s3://bucket", "s3://bucket/")]
    [InlineData("/data/out.zarr", "/data//./out.zarr/")]
    [InlineData("/data/out.zarr", "file:///data/out.zarr")]
    [InlineData("/data/out.zarr", "/data/tmp/../out.zarr")]
    public void Id_TwoSpellingsOfOneStore_AreEqual(string canonical, string spelled)
    {
        Assert.Equal(canonical, StoreLocations.Canonical(spelled));
        Assert.Equal(new StoreSpec(canonical).Id, new StoreSpec(spelled).Id);
    }

    [Fact]
    public void Id_TheEndpointIsPartOfTheStore()
    {
        var aws = new StoreSpec("s3://bucket/prefix");
        var moto = new StoreSpec("s3://bucket/prefix", ServiceUrl: "http://127.0.0.1:5000/");

        Assert.NotEqual(aws.Id, moto.Id);
        Assert.Equal(moto.Id, new StoreSpec("s3://bucket//prefix/", ServiceUrl: "HTTP://127.0.0.1:5000").Id);
        Assert.NotEqual(moto.Id, new StoreSpec("s3://bucket/prefix", ServiceUrl: "http://127.0.0.1:5001").Id);
    }

    [Fact]
    public async Task Open_StoreThatFailedToOpen_IsOpenedOnTheNextUse()
    {
        // Arrange: the store folder cannot be created while its parent is a file.
        using var folder = new TestSupport.TemporaryFolder();
        var blocker = Path.Combine(folder.Path, "blocker");
        await File.WriteAllTextAsync(blocker, "x", TestContext.Current.CancellationToken);
        using var stores = new ZarrOutputStores(new PipelineCache(Options.Create(new PipelineCacheOptions()), Options.Create(new Core.Security.InputLimits())),
            Options.Create(new OutputStoreOptions()), Options.Create(new RunOptions()), TimeProvider.System);
        var config = await File.ReadAllTextAsync(TestSupport.TestData.ReferenceConfig, TestContext.Current.CancellationToken);
        var run = new RunContext("run", config, new StoreSpec(Path.Combine(blocker, "out.zarr")), "s3", 6, 5);

        // Act
        Assert.ThrowsAny<IOException>(() => stores.Open(run));
        File.Delete(blocker);
        var store = stores.Open(run);

        // Assert
        Assert.Equal(Path.Combine(blocker, "out.zarr"), store.Location);
    }

    [Fact]
    public async Task Open_MoreStoresThanMaxClients_KeepsAtMostTheBound_AndAStoreLetGoStillWrites()
    {
        // Arrange
        var ct = TestContext.Current.CancellationToken;
        using var folder = new TestSupport.TemporaryFolder();
        using var stores = new ZarrOutputStores(new PipelineCache(Options.Create(new PipelineCacheOptions()), Options.Create(new Core.Security.InputLimits())),
            Options.Create(new OutputStoreOptions { MaxClients = 2 }), Options.Create(new RunOptions()), TimeProvider.System);
        var config = await File.ReadAllTextAsync(TestSupport.TestData.ReferenceConfig, ct);
        var runs = Enumerable.Range(0, 4).Select(i => new RunContext($"run-{i}", config, new StoreSpec(folder.File($"out-{i}.zarr")), "s3", 6, 5)).ToArray();

        // Act
        var opened = runs.Select(stores.Open).ToArray();
        var kept = stores.ClientCount;
        await opened[0].PrepareAsync(overwrite: false, ct);

        // Assert: the first store's client was let go, and a new one wrote its metadata.
        Assert.Equal(2, kept);
        Assert.Equal(2, stores.ClientCount);
        Assert.True(File.Exists(Path.Combine(folder.File("out-0.zarr"), "zarr.json")));
    }
}
