using System.Text;
using Magg.Orleans.Storage.Objects;

namespace Magg.Orleans.Storage.Tests.Support;

/// <summary>The behaviour every <see cref="IObjectStore"/> must show, run against a real backend.</summary>
internal static class ObjectStoreContract
{
    public static async Task VerifyAsync(IObjectStore store, CancellationToken ct)
    {
        // Absent objects.
        Assert.Null(await store.ReadAsync("missing/key", ct));
        Assert.False(await store.ExistsAsync("missing/key", ct));
        Assert.Empty(await ListAsync(store, "", ct));

        // Write, read back, replace.
        await store.WriteAsync("a/b/one", Encoding.UTF8.GetBytes("first"), ct);
        Assert.Equal("first", Encoding.UTF8.GetString((await store.ReadAsync("a/b/one", ct))!));
        await store.WriteAsync("a/b/one", Encoding.UTF8.GetBytes("second, longer"), ct);
        Assert.Equal("second, longer", Encoding.UTF8.GetString((await store.ReadAsync("a/b/one", ct))!));
        Assert.True(await store.ExistsAsync("a/b/one", ct));

        // A slice of a larger buffer writes only the slice; empty objects exist.
        var buffer = Encoding.UTF8.GetBytes("xxpayloadyy");
        await store.WriteAsync("a/slice", buffer.AsMemory(2, 7), ct);
        Assert.Equal("payload", Encoding.UTF8.GetString((await store.ReadAsync("a/slice", ct))!));
        await store.WriteAsync("empty", ReadOnlyMemory<byte>.Empty, ct);
        Assert.Empty((await store.ReadAsync("empty", ct))!);

        var big = new byte[3 << 20];
        new Random(7).NextBytes(big);
        await store.WriteAsync("a/big", big, ct);
        Assert.Equal(big, await store.ReadAsync("a/big", ct));

        await store.WriteAsync("a/b2/two", "2"u8.ToArray(), ct);
        await store.WriteAsync("ab/three", "3"u8.ToArray(), ct);

        // Listing is by plain string prefix, ordinal order.
        Assert.Equal(["a/b/one", "a/b2/two", "a/big", "a/slice", "ab/three", "empty"], await ListAsync(store, "", ct));
        Assert.Equal(["a/b/one", "a/b2/two", "a/big", "a/slice"], await ListAsync(store, "a/", ct));
        Assert.Equal(["a/b/one", "a/b2/two", "a/big"], await ListAsync(store, "a/b", ct));
        Assert.Equal(["a/b/one"], await ListAsync(store, "a/b/", ct));
        Assert.Empty(await ListAsync(store, "zzz/", ct));

        // Deleting a folder prefix leaves siblings that merely share characters.
        await store.DeletePrefixAsync("a/b/", ct);
        Assert.Equal(["a/b2/two", "a/big", "a/slice", "ab/three", "empty"], await ListAsync(store, "", ct));
        await store.DeletePrefixAsync("a/b", ct);
        Assert.Equal(["a/slice", "ab/three", "empty"], await ListAsync(store, "", ct));
        await store.DeletePrefixAsync("nothing/here/", ct);
        await store.DeletePrefixAsync("", ct);
        Assert.Empty(await ListAsync(store, "", ct));

        // Create-if-absent creates once; delete removes, and deleting nothing is harmless.
        Assert.True(await store.TryCreateAsync("once/key", "first"u8.ToArray(), ct));
        Assert.False(await store.TryCreateAsync("once/key", "second"u8.ToArray(), ct));
        Assert.Equal("first", Encoding.UTF8.GetString((await store.ReadAsync("once/key", ct))!));
        await store.DeleteAsync("once/key", ct);
        Assert.False(await store.ExistsAsync("once/key", ct));
        await store.DeleteAsync("once/key", ct);
        await store.DeleteAsync("no/such/folder/key", ct);
        Assert.Empty(await ListAsync(store, "", ct));

        // Keys cannot escape the root.
        await Assert.ThrowsAsync<ArgumentException>(() => store.ReadAsync("../outside", ct));
        await Assert.ThrowsAsync<ArgumentException>(() => store.WriteAsync("a//b", "x"u8.ToArray(), ct));
        await Assert.ThrowsAsync<ArgumentException>(() => store.ExistsAsync("/absolute", ct));
    }

    /// <summary>One holder at a time: a second waits, gives up naming the holder, and gets the lock once it is released.</summary>
    public static async Task VerifyLockAsync(IObjectStore store, CancellationToken ct)
    {
        var brief = new StoreLockOptions(TimeSpan.FromMilliseconds(300), TimeSpan.FromMinutes(1), TimeSpan.FromMilliseconds(20));
        var first = await store.LockAsync("_magg/lock", "run first", brief, ct);

        var busy = await Assert.ThrowsAsync<StoreBusyException>(() => store.LockAsync("_magg/lock", "run second", brief, ct));
        var waiting = store.LockAsync("_magg/lock", "run second", brief with { Wait = TimeSpan.FromSeconds(30) }, ct);
        await Task.Delay(100, ct);
        Assert.False(waiting.IsCompleted);
        await first.DisposeAsync();
        await (await waiting).DisposeAsync();

        Assert.Contains("run first", busy.Message, StringComparison.Ordinal);
        await using (await store.LockAsync("_magg/lock", "run third", brief, ct))
        {
        }
    }

    public static async Task<List<string>> ListAsync(IObjectStore store, string prefix, CancellationToken ct)
    {
        var keys = new List<string>();
        await foreach (var key in store.ListAsync(prefix, ct))
        {
            keys.Add(key);
        }

        return keys;
    }
}
