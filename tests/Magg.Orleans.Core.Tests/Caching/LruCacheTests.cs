using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Magg.Orleans.Core.Caching;

namespace Magg.Orleans.Core.Tests.Caching;

public sealed class LruCacheTests
{
    [Fact]
    public void Entries_EvictsTheLeastRecentlyUsed()
    {
        var evicted = new List<string>();
        var cache = new LruCache<int, string>(2, 1000, evicted.Add);
        cache.Set(1, "a", 1);
        cache.Set(2, "b", 1);
        Assert.True(cache.TryGet(1, out _));   // 2 is now the least recently used

        cache.Set(3, "c", 1);

        Assert.Equal([3, 1], cache.Keys());
        Assert.Equal(["b"], evicted);
    }

    [Fact]
    public void Bytes_EvictsUntilTheNewEntryFits_AndRefusesOneLargerThanTheBound()
    {
        var evicted = new List<string>();
        var cache = new LruCache<int, string>(10, 100, evicted.Add);
        cache.Set(1, "a", 40);
        cache.Set(2, "b", 40);

        cache.Set(3, "c", 50);

        Assert.Equal([3, 2], cache.Keys());
        Assert.Equal((2, 90L), (cache.Count, cache.Bytes));
        Assert.False(cache.Set(4, "huge", 101));
        Assert.Equal([3, 2], cache.Keys());
        Assert.Equal(["a"], evicted);
    }

    [Fact]
    public void GetOrAdd_CreatesOnce_AndRemoveTakesOnlyTheSameValue()
    {
        var cache = new LruCache<string, object>(4, 100);
        var first = cache.GetOrAdd("k", _ => new object(), 1);

        Assert.Same(first, cache.GetOrAdd("k", _ => new object(), 1));
        Assert.False(cache.Remove("k", new object()));
        Assert.True(cache.Remove("k", first));
        Assert.Equal(0, cache.Count);
    }

    /// <summary>Against a plain list kept in recency order: the same keys, in the same order, after every operation.</summary>
    [Property(MaxTest = 500)]
    public Property RandomOperations_MatchAListModel() =>
        Prop.ForAll(Gen.ListOf(from kind in Gen.Choose(0, 2) from key in Gen.Choose(0, 9) from bytes in Gen.Choose(0, 60) select (kind, key, bytes)).ToArbitrary(), operations =>
        {
            var cache = new LruCache<int, int>(4, 100);
            var model = new List<(int Key, int Bytes)>();   // most recent first
            foreach (var (kind, key, bytes) in operations)
            {
                var index = model.FindIndex(e => e.Key == key);
                switch (kind)
                {
                    case 0:
                        Assert.Equal(index >= 0, cache.TryGet(key, out _));
                        if (index >= 0)
                        {
                            var entry = model[index];
                            model.RemoveAt(index);
                            model.Insert(0, entry);
                        }

                        break;
                    case 1:
                        cache.Set(key, key, bytes);
                        if (index >= 0)
                        {
                            model.RemoveAt(index);
                        }

                        if (bytes <= 100)
                        {
                            model.Insert(0, (key, bytes));
                            while (model.Count > 4 || model.Sum(e => e.Bytes) > 100)
                            {
                                model.RemoveAt(model.Count - 1);
                            }
                        }

                        break;
                    default:
                        Assert.Equal(index >= 0, cache.Remove(key, key));
                        if (index >= 0)
                        {
                            model.RemoveAt(index);
                        }

                        break;
                }

                Assert.Equal(model.Select(e => e.Key), cache.Keys());
                Assert.Equal(model.Sum(e => (long)e.Bytes), cache.Bytes);
            }
        });
}
