namespace Magg.Orleans.Core.Caching;

/// <summary>
/// A thread-safe least-recently-used cache bounded by both its number of entries and the sum of their sizes (as the
/// caller estimates them). Adding past either bound evicts the least recently used entries first; an entry larger
/// than the whole byte bound is not kept at all (and stays its caller's). Evicted and replaced values go to
/// <paramref name="onEvicted"/> (e.g. to dispose them).
/// </summary>
/// <typeparam name="TKey">The key.</typeparam>
/// <typeparam name="TValue">The cached value.</typeparam>
/// <param name="maxEntries">Most entries held.</param>
/// <param name="maxBytes">Most bytes held, summed over the entries' sizes.</param>
/// <param name="onEvicted">Called, outside the cache's lock, with each value the cache lets go of.</param>
public sealed class LruCache<TKey, TValue>(int maxEntries, long maxBytes, Action<TValue>? onEvicted = null)
    where TKey : notnull
{
    private readonly Lock _lock = new();
    private readonly Dictionary<TKey, LinkedListNode<Entry>> _entries = [];
    private readonly LinkedList<Entry> _recency = new();
    private long _bytes;

    /// <summary>Most entries held.</summary>
    public int MaxEntries { get; } = maxEntries > 0 ? maxEntries : throw new ArgumentOutOfRangeException(nameof(maxEntries), maxEntries, "must be positive");

    /// <summary>Most bytes held.</summary>
    public long MaxBytes { get; } = maxBytes > 0 ? maxBytes : throw new ArgumentOutOfRangeException(nameof(maxBytes), maxBytes, "must be positive");

    /// <summary>Entries held now.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>Bytes held now.</summary>
    public long Bytes
    {
        get
        {
            lock (_lock)
            {
                return _bytes;
            }
        }
    }

    /// <summary>The keys from most to least recently used.</summary>
    public IReadOnlyList<TKey> Keys()
    {
        lock (_lock)
        {
            return _recency.Select(e => e.Key).ToArray();
        }
    }

    /// <summary>The value of <paramref name="key"/>, which becomes the most recently used, if it is held.</summary>
    public bool TryGet(TKey key, out TValue value)
    {
        lock (_lock)
        {
            if (_entries.TryGetValue(key, out var node))
            {
                Touch(node);
                value = node.Value.Value;
                return true;
            }
        }

        value = default!;
        return false;
    }

    /// <summary>
    /// The value held for <paramref name="key"/> (now the most recently used), or else <paramref name="create"/>'s value,
    /// added with <paramref name="bytes"/> and returned. <paramref name="create"/> runs under the cache's lock: keep it cheap
    /// (e.g. return a <see cref="Lazy{T}"/> that does the work).
    /// </summary>
    public TValue GetOrAdd(TKey key, Func<TKey, TValue> create, long bytes)
    {
        ArgumentNullException.ThrowIfNull(create);
        List<TValue>? evicted;
        TValue value;
        lock (_lock)
        {
            if (_entries.TryGetValue(key, out var node))
            {
                Touch(node);
                return node.Value.Value;
            }

            value = create(key);
            evicted = Insert(key, value, bytes);
        }

        Release(evicted);
        return value;
    }

    /// <summary>Adds or replaces the value of <paramref name="key"/>; false when it is larger than <see cref="MaxBytes"/> and so not kept.</summary>
    public bool Set(TKey key, TValue value, long bytes)
    {
        List<TValue>? evicted;
        bool kept;
        lock (_lock)
        {
            evicted = [];
            if (_entries.Remove(key, out var old))
            {
                Unlink(old);
                if (!EqualityComparer<TValue>.Default.Equals(old.Value.Value, value))
                {
                    evicted.Add(old.Value.Value);
                }
            }

            evicted.AddRange(Insert(key, value, bytes) ?? []);
            kept = _entries.ContainsKey(key);
        }

        Release(evicted);
        return kept;
    }

    /// <summary>Removes <paramref name="key"/> if it still holds <paramref name="value"/> (so a newer value is never removed).</summary>
    public bool Remove(TKey key, TValue value)
    {
        lock (_lock)
        {
            if (!_entries.TryGetValue(key, out var node) || !EqualityComparer<TValue>.Default.Equals(node.Value.Value, value))
            {
                return false;
            }

            _entries.Remove(key);
            Unlink(node);
        }

        return true;
    }

    private List<TValue>? Insert(TKey key, TValue value, long bytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        if (bytes > MaxBytes)
        {
            return null;   // not kept: the caller still owns it
        }

        var node = _recency.AddFirst(new Entry(key, value, bytes));
        _entries[key] = node;
        _bytes += bytes;
        List<TValue>? evicted = null;
        while (_entries.Count > MaxEntries || _bytes > MaxBytes)
        {
            var last = _recency.Last!;
            _entries.Remove(last.Value.Key);
            Unlink(last);
            (evicted ??= []).Add(last.Value.Value);
        }

        return evicted;
    }

    private void Touch(LinkedListNode<Entry> node)
    {
        _recency.Remove(node);
        _recency.AddFirst(node);
    }

    private void Unlink(LinkedListNode<Entry> node)
    {
        _recency.Remove(node);
        _bytes -= node.Value.Bytes;
    }

    private void Release(List<TValue>? evicted)
    {
        if (onEvicted is null || evicted is null)
        {
            return;
        }

        foreach (var value in evicted)
        {
            onEvicted(value);
        }
    }

    private readonly record struct Entry(TKey Key, TValue Value, long Bytes);
}
