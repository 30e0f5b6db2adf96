namespace Magg.Orleans.Core.Granules;

/// <summary>
/// Decoded chunks shared by every cell of a silo, evicted least recently used first once their bytes exceed the
/// capacity. A chunk asked for by several readers at once is decoded once: the others wait for it. Readers hold a
/// chunk through a <see cref="ChunkLease"/>; a chunk's array goes back to a pool for the next decode only when the
/// cache has dropped it and every lease is disposed, so decoding allocates (and the collector frees) almost nothing
/// once the silo is warm. Thread-safe.
/// </summary>
public sealed class DecodedChunkCache
{
    private readonly Lock _gate = new();
    private readonly Dictionary<ChunkKey, Entry> _entries = [];
    private readonly LinkedList<Entry> _recency = new();
    private readonly ChunkArrayPool _arrays;
    private readonly Action<object> _release;
    private long _bytes;
    private long _peakBytes;
    private long _hits;
    private long _misses;
    private long _evictions;

    /// <summary>A cache of at most <paramref name="capacityBytes"/> bytes of decoded chunks.</summary>
    public DecodedChunkCache(long capacityBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacityBytes);
        CapacityBytes = capacityBytes;
        _arrays = new ChunkArrayPool(Math.Max(8L << 20, capacityBytes / 8));
        _release = owner => Release((Entry)owner);
    }

    /// <summary>Most bytes held.</summary>
    public long CapacityBytes { get; }

    /// <summary>Bytes held now.</summary>
    public long Bytes
    {
        get
        {
            lock (_gate)
            {
                return _bytes;
            }
        }
    }

    /// <summary>Most bytes held at once so far (since the last <see cref="Clear"/>).</summary>
    public long PeakBytes
    {
        get
        {
            lock (_gate)
            {
                return _peakBytes;
            }
        }
    }

    /// <summary>Chunks held now (decoded ones only).</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _recency.Count;
            }
        }
    }

    /// <summary>Lookups answered from the cache (including waits for a decode under way).</summary>
    public long Hits => Interlocked.Read(ref _hits);

    /// <summary>Lookups that decoded.</summary>
    public long Misses => Interlocked.Read(ref _misses);

    /// <summary>Chunks evicted to stay within <see cref="CapacityBytes"/>.</summary>
    public long Evictions => Interlocked.Read(ref _evictions);

    /// <summary>
    /// The chunk of <paramref name="key"/>: from the cache, or from <paramref name="decode"/> (then kept). An exception
    /// from <paramref name="decode"/> reaches every reader waiting for it, and nothing is kept. Values are arrays of
    /// primitives; their byte length counts against the capacity. <paramref name="decode"/> should take its array
    /// from <see cref="Rent{T}"/>.
    /// </summary>
    public ChunkLease GetOrAdd(ChunkKey key, Func<Array> decode)
    {
        ArgumentNullException.ThrowIfNull(decode);
        Entry entry;
        lock (_gate)
        {
            if (_entries.TryGetValue(key, out var found))
            {
                if (found.Node is { } node)
                {
                    _recency.Remove(node);
                    _recency.AddFirst(node);
                }

                Interlocked.Increment(ref _hits);
                entry = found;
                entry.References++;
            }
            else
            {
                // One reference for the cache, one for this reader.
                entry = new Entry(key, new Lazy<Array>(decode, LazyThreadSafetyMode.ExecutionAndPublication)) { References = 2 };
                _entries.Add(key, entry);
                Interlocked.Increment(ref _misses);
            }
        }

        Array value;
        try
        {
            value = entry.Value.Value;
        }
        catch
        {
            lock (_gate)
            {
                if (_entries.TryGetValue(key, out var current) && ReferenceEquals(current, entry))
                {
                    _entries.Remove(key);
                    entry.References--;
                }

                entry.References--;
            }

            throw;
        }

        Admit(entry, value);
        return new ChunkLease(value, _release, entry);
    }

    /// <summary>An array for a decode (from the pool of arrays the cache has let go of).</summary>
    public T[] Rent<T>(int length) where T : unmanaged => _arrays.Rent<T>(length);

    /// <summary>A lease on an array not kept in the cache: disposing it gives the array back to the pool.</summary>
    public ChunkLease Unshared(Array values) => new(values, _release, new Entry(default, new Lazy<Array>(values)) { References = 1 });

    /// <summary>Drops the chunk of <paramref name="key"/> if it is held (and decoded).</summary>
    public void Remove(ChunkKey key)
    {
        Array? free = null;
        lock (_gate)
        {
            if (_entries.TryGetValue(key, out var entry) && entry.Node is { } node)
            {
                _entries.Remove(key);
                _recency.Remove(node);
                entry.Node = null;
                _bytes -= entry.Size;
                free = Unreference(entry);
            }
        }

        Return(free);
    }

    /// <summary>Drops every chunk.</summary>
    public void Clear()
    {
        var free = new List<Array>();
        lock (_gate)
        {
            foreach (var entry in _recency)
            {
                _entries.Remove(entry.Key);
                entry.Node = null;
                if (Unreference(entry) is { } array)
                {
                    free.Add(array);
                }
            }

            _recency.Clear();
            _bytes = 0;
            _peakBytes = 0;
        }

        free.ForEach(_arrays.Return);
    }

    private void Release(Entry entry)
    {
        Array? free;
        lock (_gate)
        {
            free = Unreference(entry);
        }

        Return(free);
    }

    private void Admit(Entry entry, Array value)
    {
        var free = new List<Array>();
        lock (_gate)
        {
            if (entry.Node is not null || !_entries.TryGetValue(entry.Key, out var current) || !ReferenceEquals(current, entry))
            {
                return;
            }

            entry.Size = Buffer.ByteLength(value);
            entry.Node = _recency.AddFirst(entry);
            _bytes += entry.Size;
            _peakBytes = Math.Max(_peakBytes, _bytes);
            while (_bytes > CapacityBytes && _recency.Last is { } oldest)
            {
                _recency.RemoveLast();
                _entries.Remove(oldest.Value.Key);
                oldest.Value.Node = null;
                _bytes -= oldest.Value.Size;
                Interlocked.Increment(ref _evictions);
                if (Unreference(oldest.Value) is { } array)
                {
                    free.Add(array);
                }
            }
        }

        free.ForEach(_arrays.Return);
    }

    // Under the lock: drops one reference; the array to give back when that was the last one.
    private static Array? Unreference(Entry entry) =>
        --entry.References == 0 && entry.Value.IsValueCreated ? entry.Value.Value : null;

    private void Return(Array? array)
    {
        if (array is not null)
        {
            _arrays.Return(array);
        }
    }

    private sealed class Entry(ChunkKey key, Lazy<Array> value)
    {
        public ChunkKey Key { get; } = key;

        public Lazy<Array> Value { get; } = value;

        public LinkedListNode<Entry>? Node { get; set; }

        public long Size { get; set; }

        public int References { get; set; }
    }
}
