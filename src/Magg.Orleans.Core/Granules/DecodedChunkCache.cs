namespace Magg.Orleans.Core.Granules;

/// <summary>
/// Decoded chunks shared by every cell of a silo, evicted least recently used first once their bytes exceed the
/// capacity. A chunk asked for by several readers at once is decoded once: the others wait for it. Thread-safe.
/// </summary>
/// <remarks>Values are arrays the cache hands out as they are: callers never write to them.</remarks>
public sealed class DecodedChunkCache(long capacityBytes)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<ChunkKey, Entry> _entries = [];
    private readonly LinkedList<Entry> _recency = new();
    private long _bytes;
    private long _hits;
    private long _misses;
    private long _evictions;

    /// <summary>Most bytes held.</summary>
    public long CapacityBytes { get; } = capacityBytes >= 0 ? capacityBytes : throw new ArgumentOutOfRangeException(nameof(capacityBytes));

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
    /// primitives; their byte length counts against the capacity.
    /// </summary>
    public Array GetOrAdd(ChunkKey key, Func<Array> decode)

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
            }
            else
            {
                entry = new Entry(key, new Lazy<Array>(decode, LazyThreadSafetyMode.ExecutionAndPublication));
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
                }
            }

            throw;
        }

        Admit(entry, value);
        return value;
    }

    /// <summary>Drops the chunk of <paramref name="key"/> if it is held (and decoded).</summary>
    public void Remove(ChunkKey key)
    {
        lock (_gate)
        {
            if (_entries.TryGetValue(key, out var entry) && entry.Node is { } node)
            {
                _entries.Remove(key);
                _recency.Remove(node);
                _bytes -= entry.Size;
            }
        }
    }

    /// <summary>Drops every chunk.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            foreach (var entry in _recency)
            {
                _entries.Remove(entry.Key);
            }

            _recency.Clear();
            _bytes = 0;
        }
    }

    private void Admit(Entry entry, Array value)
    {
        lock (_gate)
        {
            if (entry.Node is not null || !_entries.TryGetValue(entry.Key, out var current) || !ReferenceEquals(current, entry))
            {
                return;
            }

            entry.Size = SizeOf(value);
            entry.Node = _recency.AddFirst(entry);
            _bytes += entry.Size;
            while (_bytes > CapacityBytes && _recency.Last is { } oldest)
            {
                _recency.RemoveLast();
                _entries.Remove(oldest.Value.Key);
                oldest.Value.Node = null;
                _bytes -= oldest.Value.Size;
                Interlocked.Increment(ref _evictions);
            }
        }
    }

    private static long SizeOf(Array value) => Buffer.ByteLength(value);

    private sealed class Entry(ChunkKey key, Lazy<Array> value)
    {
        public ChunkKey Key { get; } = key;

        public Lazy<Array> Value { get; } = value;

        public LinkedListNode<Entry>? Node { get; set; }

        public long Size { get; set; }
    }
}
