using Magg.Orleans.Core.Caching;

namespace Magg.Orleans.Core.Tests.Caching;

/// <summary>The bounded cache of shared clients: values are shared, bounded, and disposed only once let go and no longer leased.</summary>
public sealed class LeasedCacheTests
{
    [Fact]
    public void Rent_SameKey_SharesOneValue_MadeOnce()
    {
        using var cache = new LeasedCache<string, Client>(2);
        var made = 0;

        using var first = cache.Rent("a", k => new Client(k, ref made));
        using var second = cache.Rent("a", k => new Client(k, ref made));

        Assert.Same(first.Value, second.Value);
        Assert.Equal(1, made);
    }

    [Fact]
    public void Rent_PastTheBound_DisposesTheLeastRecentlyUsedValueNoOneHolds()
    {
        using var cache = new LeasedCache<string, Client>(2);
        var made = 0;
        Client a, b;
        using (var lease = cache.Rent("a", k => new Client(k, ref made)))
        {
            a = lease.Value;
        }

        using (var lease = cache.Rent("b", k => new Client(k, ref made)))
        {
            b = lease.Value;
        }

        cache.Rent("a", k => new Client(k, ref made)).Dispose();   // b is now the least recently used

        cache.Rent("c", k => new Client(k, ref made)).Dispose();

        Assert.Equal(2, cache.Count);
        Assert.True(b.Disposed);
        Assert.False(a.Disposed);
    }

    [Fact]
    public void Rent_ValueLetGoWhileLeased_IsDisposedWhenTheLastLeaseEnds_AndANewOneServesLaterRents()
    {
        using var cache = new LeasedCache<string, Client>(1);
        var made = 0;
        var held = cache.Rent("a", k => new Client(k, ref made));
        var alsoHeld = cache.Rent("a", k => new Client(k, ref made));

        cache.Rent("b", k => new Client(k, ref made)).Dispose();   // lets a go
        using var again = cache.Rent("a", k => new Client(k, ref made));

        Assert.False(held.Value.Disposed);
        Assert.NotSame(held.Value, again.Value);
        held.Dispose();
        held.Dispose();   // a second dispose of the same lease does not count twice
        Assert.False(alsoHeld.Value.Disposed);
        alsoHeld.Dispose();
        Assert.True(held.Value.Disposed);
        Assert.False(again.Value.Disposed);
        Assert.Equal(3, made);
    }

    [Fact]
    public void Rent_CreateFails_IsNotRemembered()
    {
        using var cache = new LeasedCache<string, Client>(2);
        var made = 0;

        Assert.Throws<IOException>(() => cache.Rent("a", _ => throw new IOException("not yet")));
        using var lease = cache.Rent("a", k => new Client(k, ref made));

        Assert.Equal("a", lease.Value.Key);
        Assert.Equal(1, made);
    }

    [Fact]
    public void Dispose_DisposesIdleValuesAtOnce_AndLeasedOnesWhenReleased()
    {
        var cache = new LeasedCache<string, Client>(4);
        var made = 0;
        var idle = cache.Rent("idle", k => new Client(k, ref made));
        idle.Dispose();
        var busy = cache.Rent("busy", k => new Client(k, ref made));

        cache.Dispose();

        Assert.True(idle.Value.Disposed);
        Assert.False(busy.Value.Disposed);
        busy.Dispose();
        Assert.True(busy.Value.Disposed);
        Assert.Throws<ObjectDisposedException>(() => cache.Rent("x", k => new Client(k, ref made)));
    }

    [Fact]
    public async Task Rent_ManyThreadsAndKeys_NeverUseADisposedValue_AndDisposeEveryValueOnce()
    {
        var cache = new LeasedCache<int, Client>(3);
        var all = new System.Collections.Concurrent.ConcurrentBag<Client>();
        var made = 0;
        await Parallel.ForAsync(0, 4000, TestContext.Current.CancellationToken, (i, _) =>
        {
            using var lease = cache.Rent(i % 7, k =>
            {
                var client = new Client(k, ref made);
                all.Add(client);
                return client;
            });
            lease.Value.Use();
            return ValueTask.CompletedTask;
        });

        cache.Dispose();

        Assert.All(all, c => Assert.Equal(1, c.Disposals));
        Assert.All(all, c => Assert.Equal(0, c.UsedAfterDispose));
    }

    private sealed class Client : IDisposable
    {
        private int _disposals;
        private int _usedAfterDispose;

        public Client(object key, ref int made)
        {
            Key = key;
            Interlocked.Increment(ref made);
        }

        public object Key { get; }

        public bool Disposed => Disposals > 0;

        public int Disposals => Volatile.Read(ref _disposals);

        public int UsedAfterDispose => Volatile.Read(ref _usedAfterDispose);

        public void Use()
        {
            if (Disposed)
            {
                Interlocked.Increment(ref _usedAfterDispose);
            }
        }

        public void Dispose() => Interlocked.Increment(ref _disposals);
    }
}
