namespace Magg.Orleans.Core.Granules;

/// <summary>
/// Open granules waiting for their next cell, by version, at most <c>capacity</c> of them; the one idle longest is
/// closed first. A file is used by one reader at a time: renting takes it out of the pool. Thread-safe.
/// </summary>
internal sealed class GranuleFilePool(int capacity) : IDisposable
{
    private readonly Lock _gate = new();
    private readonly Dictionary<GranuleKey, Stack<LinkedListNode<GranuleFile>>> _idle = [];
    private readonly LinkedList<GranuleFile> _recency = new();

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

    public GranuleFile? Rent(GranuleKey key)
    {
        lock (_gate)
        {
            if (!_idle.TryGetValue(key, out var files) || !files.TryPop(out var node))
            {
                return null;
            }

            if (files.Count == 0)
            {
                _idle.Remove(key);
            }

            _recency.Remove(node);
            return node.Value;
        }
    }

    public void Return(GranuleFile file)
    {
        file.Idle();
        GranuleFile? closing = null;
        lock (_gate)
        {
            if (capacity == 0)
            {
                closing = file;
            }
            else
            {
                var node = _recency.AddFirst(file);
                if (!_idle.TryGetValue(file.Key, out var files))
                {
                    _idle[file.Key] = files = new Stack<LinkedListNode<GranuleFile>>();
                }

                files.Push(node);
                if (_recency.Count > capacity)
                {
                    closing = TakeOldest();
                }
            }
        }

        closing?.Dispose();
    }

    public void Clear()
    {
        List<GranuleFile> closing;
        lock (_gate)
        {
            closing = [.. _recency];
            _recency.Clear();
            _idle.Clear();
        }

        foreach (var file in closing)
        {
            file.Dispose();
        }
    }

    public void Dispose() => Clear();

    private GranuleFile TakeOldest()
    {
        var oldest = _recency.Last!;
        _recency.RemoveLast();
        var files = _idle[oldest.Value.Key];
        var kept = files.Where(n => !ReferenceEquals(n, oldest)).Reverse().ToArray();
        if (kept.Length == 0)
        {
            _idle.Remove(oldest.Value.Key);
        }
        else
        {
            _idle[oldest.Value.Key] = new Stack<LinkedListNode<GranuleFile>>(kept);
        }

        return oldest.Value;
    }
}
