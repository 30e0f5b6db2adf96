using Amazon.Runtime;
using Amazon.S3;
using Magg.Orleans.Core.Caching;
using Magg.Orleans.Storage.Objects;
using Magg.Orleans.Storage.Tests.Support;
using Magg.Orleans.TestSupport;

namespace Magg.Orleans.Storage.Tests.Objects;

/// <summary>
/// Stores whose S3 clients live in a cache of one, on moto: a client the cache lets go while a lock or a listing still
/// uses it keeps working until they end, is disposed then, and the store's next operation opens a new client.
/// </summary>
public sealed class LeasedObjectStoreTests
{
    private static readonly StoreLockOptions Brief = new(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(20));

    [Fact]
    public async Task ClientLetGoWhileInUse_IsDisposedOnlyWhenItsLastUseEnds()
    {
        // Arrange
        var ct = TestContext.Current.CancellationToken;
        await using var moto = await MotoServer.StartAsync(ct);
        using (await S3TestClient.CreateAsync(moto, "leased", ct))
        {
        }

        var opened = new List<S3ObjectStore>();
        IObjectStore Open(string prefix)
        {
            var store = new S3ObjectStore(Client(moto), "leased", prefix, ownsClient: true);
            opened.Add(store);
            return store;
        }

        using var clients = new LeasedCache<string, IObjectStore>(1);
        var a = new LeasedObjectStore<string>(clients, "a.zarr", Open, "s3://leased/a.zarr/");
        var b = new LeasedObjectStore<string>(clients, "b.zarr", Open, "s3://leased/b.zarr/");
        for (var i = 0; i < 3; i++)
        {
            await a.WriteAsync($"k{i}", "x"u8.ToArray(), ct);
        }

        // Act: a holds its lock and is in the middle of a listing while b's use lets a's client go.
        var held = await a.LockAsync("_magg/lock", "run a", Brief, ct);
        await using var listing = a.ListAsync("k", ct).GetAsyncEnumerator(ct);
        Assert.True(await listing.MoveNextAsync());
        await b.WriteAsync("k", "y"u8.ToArray(), ct);
        var first = opened[0];
        var stillUsable = await first.ExistsAsync("k0", ct);
        var rest = new List<string> { listing.Current };
        while (await listing.MoveNextAsync())
        {
            rest.Add(listing.Current);
        }

        await listing.DisposeAsync();
        await held.DisposeAsync();

        // Assert: the first client served the lock and the listing to their end, then was disposed; a's next operation
        // opened a third client; b's (idle when let go) was disposed at once.
        Assert.True(stillUsable);
        Assert.Equal(["k0", "k1", "k2"], rest);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => first.ExistsAsync("k0", ct));
        Assert.False(await a.ExistsAsync("_magg/lock", ct));
        Assert.Equal(3, opened.Count);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => opened[1].ExistsAsync("k", ct));
        Assert.Equal(1, clients.Count);
    }

    [Fact]
    public async Task OpenFails_IsNotRemembered()
    {
        using var clients = new LeasedCache<string, IObjectStore>(2);
        var attempts = 0;
        using var folder = new TemporaryFolder();
        var store = new LeasedObjectStore<string>(clients, "x", _ => ++attempts == 1 ? throw new IOException("not yet") : new LocalObjectStore(folder.Path), folder.Path);
        var ct = TestContext.Current.CancellationToken;

        await Assert.ThrowsAsync<IOException>(() => store.WriteAsync("k", "x"u8.ToArray(), ct));
        await store.WriteAsync("k", "x"u8.ToArray(), ct);

        Assert.Equal(2, attempts);
        Assert.True(await store.ExistsAsync("k", ct));
    }

    private static AmazonS3Client Client(MotoServer moto) => new(new BasicAWSCredentials(MotoServer.AccessKey, MotoServer.SecretKey),
        new AmazonS3Config { ServiceURL = moto.Endpoint, ForcePathStyle = true, AuthenticationRegion = MotoServer.Region });
}
