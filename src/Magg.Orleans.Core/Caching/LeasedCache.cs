namespace Magg.Orleans.Core.Caching;

/// <summary>
/// A bounded cache of shared, disposable values (clients that hold connections or signing keys) handed out under
/// leases: <see cref="Rent"/> returns the value for a key, made once and shared by every renter, and the least recently
/// used values beyond <see cref="LruCache{TKey,TValue}.MaxEntries"/> are let go. A value let go is disposed as soon as
/// no lease holds it any more, so a value is never disposed while in use and never outlives its last use. A value
/// that fails to be made is not kept: the next rent tries again.
/// </summary>
/// <typeparam name="TKey">What tells values apart (e.g. an endpoint and its settings).</typeparam>
/// <typeparam name="TValue">The shared value.</typeparam>
public sealed class LeasedCache<TKey, TValue> : IDisposable
    where TKey : notnull
    where TValue : class, IDisposable
{
    private readonly LruCache<TKey, LeasedValue<TValue>> _values;
    private volatile bool _disposed;

    /// <summary>Creates the cache.</summary>
    /// <param name="maxEntries">Most values kept; more are let go, least recently used first.</param>
    public LeasedCache(int maxEntries) => _values = new(maxEntries, long.MaxValue, static value => value.Retire());

    /// <summary>Values kept now (those let go but still leased are not counted).</summary>
    public int Count => _values.Count;

    /// <summary>Most values kept.</summary>
    public int MaxEntries => _values.MaxEntries;

    /// <summary>
    /// A lease on the value of <paramref name="key"/>, made with <paramref name="create"/> (outside the cache's lock) when
    /// none is kept. Dispose the lease when done with the value; do not keep the value beyond it.
    /// </summary>
    /// <exception cref="ObjectDisposedException">The cache is disposed.</exception>
    public CacheLease<TValue> Rent(TKey key, Func<TKey, TValue> create)
    {
        ArgumentNullException.ThrowIfNull(create);
        ObjectDisposedException.ThrowIf(_disposed, this);
        while (true)
        {
            var entry = _values.GetOrAdd(key, k => new LeasedValue<TValue>(() => create(k)), 0);
            if (!entry.TryAcquire())
            {
                // Let go between the lookup and the lease: look again (a new one is made).
                continue;
            }

            try
            {
                return new CacheLease<TValue>(entry, entry.Value);
            }
            catch
            {
                entry.Release();
                if (_values.Remove(key, entry))
                {
                    entry.Retire();
                }

                throw;
            }
        }
    }

    /// <summary>Lets every value go: each is disposed now, or when its last lease ends.</summary>
    public void Dispose()
    {
        _disposed = true;
        foreach (var key in _values.Keys())
        {
            if (_values.TryGet(key, out var entry) && _values.Remove(key, entry))
            {
                entry.Retire();
            }
        }
    }
}
