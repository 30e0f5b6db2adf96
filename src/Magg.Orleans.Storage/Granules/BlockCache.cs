using System.Buffers;

namespace Magg.Orleans.Storage.Granules;

/// <summary>A bounded least-recently-used map from block index to pooled block bytes. Not thread-safe.</summary>
internal sealed class BlockCache(int blockSize, int capacityBlocks) : IDisposable
{
    private readonly Dictionary<long, LinkedListNode<Block>> _blocks = [];
    private readonly LinkedList<Block> _recency = new();

    /// <summary>Blocks held now.</summary>
    public int Count => _blocks.Count;

    /// <summary>The valid bytes of block <paramref name="index"/>, marking it most recently used; false when absent.</summary>
    public bool TryGet(long index, out ReadOnlyMemory<byte> bytes)
    {
        if (_blocks.TryGetValue(index, out var node))
        {
            _recency.Remove(node);
            _recency.AddFirst(node);
            bytes = node.Value.Bytes.AsMemory(0, node.Value.Length);
            return true;
        }

        bytes = default;
        return false;
    }

    /// <summary>True when block <paramref name="index"/> is held (without touching its recency).</summary>
    public bool Contains(long index) => _blocks.ContainsKey(index);

    /// <summary>Copies <paramref name="bytes"/> (at most one block) in as block <paramref name="index"/>, evicting the least recently used.</summary>
    public void Add(long index, ReadOnlySpan<byte> bytes)
    {
        if (_blocks.ContainsKey(index))
        {
            return;
        }

        while (_blocks.Count >= capacityBlocks)
        {
            var oldest = _recency.Last!;
            _recency.RemoveLast();
            _blocks.Remove(oldest.Value.Index);
            ArrayPool<byte>.Shared.Return(oldest.Value.Bytes);
        }

        var block = ArrayPool<byte>.Shared.Rent(blockSize);
        bytes.CopyTo(block);
        _blocks[index] = _recency.AddFirst(new Block(index, block, bytes.Length));
    }

    /// <summary>Returns every block to the pool.</summary>
    public void Dispose()
    {
        foreach (var block in _recency)
        {
            ArrayPool<byte>.Shared.Return(block.Bytes);
        }

        _recency.Clear();
        _blocks.Clear();
    }

    private sealed record Block(long Index, byte[] Bytes, int Length);
}
