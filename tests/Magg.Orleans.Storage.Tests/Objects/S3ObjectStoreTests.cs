using Magg.Orleans.Storage.Objects;
using Magg.Orleans.Storage.Tests.Support;
using Magg.Orleans.TestSupport;

namespace Magg.Orleans.Storage.Tests.Objects;

public sealed class S3ObjectStoreTests
{
    [Fact]
    public async Task Contract_MotoBucketUnderPrefix_Holds()
    {
        // Arrange
        var ct = TestContext.Current.CancellationToken;
        await using var moto = await MotoServer.StartAsync(ct);
        using var client = await S3TestClient.CreateAsync(moto, "contract", ct);
        using var store = new S3ObjectStore(client, "contract", "runs/one/");
        await client.PutObjectAsync(new Amazon.S3.Model.PutObjectRequest { BucketName = "contract", Key = "runs/other", ContentBody = "outside" }, ct);

        // Act + Assert
        await ObjectStoreContract.VerifyAsync(store, ct);
        Assert.Equal("s3://contract/runs/one/", store.Location);
        var outside = await client.GetObjectMetadataAsync("contract", "runs/other", ct);
        Assert.Equal(7, outside.ContentLength);
    }

    [Fact]
    public async Task DeletePrefixAsync_MoreThanOneDeleteBatch_DeletesAll()
    {
        // Arrange
        var ct = TestContext.Current.CancellationToken;
        await using var moto = await MotoServer.StartAsync(ct);
        using var client = await S3TestClient.CreateAsync(moto, "many", ct);
        using var store = new S3ObjectStore(client, "many", "");
        await Parallel.ForEachAsync(Enumerable.Range(0, 1100), new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = ct },
            async (i, token) => await store.WriteAsync($"g/c/{i}", new byte[] { 1 }, token));

        // Act
        var listed = await ObjectStoreContract.ListAsync(store, "g/", ct);
        await store.DeletePrefixAsync("g/", ct);

        // Assert
        Assert.Equal(1100, listed.Count);
        Assert.Empty(await ObjectStoreContract.ListAsync(store, "", ct));
    }

    [Fact]
    public async Task LockAsync_OnMoto_HasOneHolderAtATime()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var moto = await MotoServer.StartAsync(ct);
        using var client = await S3TestClient.CreateAsync(moto, "locks", ct);
        using var store = new S3ObjectStore(client, "locks", "store.zarr");

        await ObjectStoreContract.VerifyLockAsync(store, ct);

        Assert.Empty(await ObjectStoreContract.ListAsync(store, "", ct));
    }

    [Fact]
    public async Task LockAsync_HolderStoppedRenewing_IsTakenOverAfterItsTtl()
    {
        // Arrange: a lock left by a holder that died (its record expired); and one whose holder is alive.
        var ct = TestContext.Current.CancellationToken;
        await using var moto = await MotoServer.StartAsync(ct);
        using var client = await S3TestClient.CreateAsync(moto, "stale", ct);
        using var store = new S3ObjectStore(client, "stale", "");
        await store.WriteAsync("_magg/lock", System.Text.Encoding.UTF8.GetBytes($$"""{"Owner":"run dead","ExpiresAt":"{{DateTimeOffset.UtcNow.AddMinutes(-1):O}}"}"""), ct);
        var brief = new StoreLockOptions(TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(3), TimeSpan.FromMilliseconds(20));

        // Act
        var taken = await store.LockAsync("_magg/lock", "run alive", brief, ct);
        await Task.Delay(TimeSpan.FromSeconds(4), ct);
        var busy = await Assert.ThrowsAsync<StoreBusyException>(() => store.LockAsync("_magg/lock", "run late", brief, ct));
        await taken.DisposeAsync();

        // Assert: the live holder renewed past its TTL, so the late comer waited; release removed the lock object.
        Assert.Contains("run alive", busy.Message, StringComparison.Ordinal);
        Assert.False(await store.ExistsAsync("_magg/lock", ct));
    }
}
