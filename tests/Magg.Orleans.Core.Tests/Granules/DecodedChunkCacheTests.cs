using Magg.Orleans.Core.Granules;

namespace Magg.Orleans.Core.Tests.Granules;

/// <summary>The silo's decoded-chunk cache: bounded by bytes, least recently used first, one decode per chunk, leases.</summary>
public sealed class DecodedChunkCacheTests
{
    private static readonly GranuleKey Granule = new("g.h5", 1000, "1");

    [Fact]
    public void GetOrAdd_BeyondCapacity_EvictsLeastRecentlyUsedByBytes()
    {
        var cache = new DecodedChunkCache(capacityBytes: 3 * 800);
        var decodes = new List<int>();
        Array Decode(int chunk)
        {
            decodes.Add(chunk);
            return new double[100];
        }

        foreach (var chunk in new[] { 0, 1, 2, 0, 3, 1 })
        {
            using var lease = cache.GetOrAdd(Key(chunk), () => Decode(chunk));
        }

        // 3 evicted 1 (least recently used after 0 was touched again), so 1 was decoded twice.
        Assert.Equal([0, 1, 2, 3, 1], decodes);
        Assert.Equal(3 * 800, cache.Bytes);
        Assert.Equal((5L, 1L, 2L), (cache.Misses, cache.Hits, cache.Evictions));
    }

    [Fact]
    public void GetOrAdd_ChunkEvictedWhileLeased_KeepsItsValuesUntilTheLeaseEnds()
    {
        var cache = new DecodedChunkCache(capacityBytes: 800);
        var held = cache.GetOrAdd(Key(0), () => Filled(cache, 7));

        // Evict chunk 0 and churn the array pool while it is still leased.
        for (var chunk = 1; chunk < 20; chunk++)
        {
            using var lease = cache.GetOrAdd(Key(chunk), () => Filled(cache, chunk));
        }

        Assert.All((double[])held.Values, v => Assert.Equal(7, v));
        held.Dispose();
        using var again = cache.GetOrAdd(Key(0), () => Filled(cache, 9));
        Assert.All((double[])again.Values, v => Assert.Equal(9, v));
    }

    [Fact]
    public async Task GetOrAdd_ManyReadersAtOnce_DecodeOnceAndShareTheValues()
    {
        var cache = new DecodedChunkCache(capacityBytes: 1 << 20);
        var decodes = 0;
        using var gate = new ManualResetEventSlim();
        var readers = Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
        {
            using var lease = cache.GetOrAdd(Key(0), () =>
            {
                Interlocked.Increment(ref decodes);
                gate.Wait(TestContext.Current.CancellationToken);
                return new[] { 42.0 };
            });
            return ((double[])lease.Values)[0];
        })).ToArray();

        while (cache.Misses + cache.Hits < readers.Length)
        {
            await Task.Delay(5, TestContext.Current.CancellationToken);
        }

        gate.Set();
        Assert.All(await Task.WhenAll(readers), v => Assert.Equal(42.0, v));
        Assert.Equal(1, decodes);
    }

    [Fact]
    public void GetOrAdd_DecodeFails_EveryWaiterSeesTheErrorAndNothingIsKept()
    {
        var cache = new DecodedChunkCache(capacityBytes: 1 << 20);

        var error = Assert.Throws<InvalidDataException>(() => cache.GetOrAdd(Key(0), () => throw new InvalidDataException("bad chunk")));
        using var retried = cache.GetOrAdd(Key(0), () => new[] { 1.0 });

        Assert.Equal("bad chunk", error.Message);
        Assert.Equal(1.0, ((double[])retried.Values)[0]);
        Assert.Equal(8, cache.Bytes);
    }

    [Fact]
    public void Remove_HeldChunk_NextReaderDecodesAgain()
    {
        var cache = new DecodedChunkCache(capacityBytes: 1 << 20);
        cache.GetOrAdd(Key(0), () => new[] { 1.0 }).Dispose();

        cache.Remove(Key(0));
        using var lease = cache.GetOrAdd(Key(0), () => new[] { 2.0 });

        Assert.Equal(2.0, ((double[])lease.Values)[0]);
        Assert.Equal(2, cache.Misses);
    }

    private static ChunkKey Key(int chunk) => new(Granule, "/gt1l/land_ice_segments/h_li", chunk);

    private static double[] Filled(DecodedChunkCache cache, double value)
    {
        var values = cache.Rent<double>(100);
        Array.Fill(values, value);
        return values;
    }
}
