namespace Magg.Orleans.Storage.Granules;

/// <summary>How a <see cref="RangeCachingStream"/> splits an object into cached blocks and how far it reads ahead.</summary>
public sealed record RangeCacheOptions
{
    /// <summary>Size of a cached block, aligned to multiples of itself in the object (default 512 KiB).</summary>
    public int BlockSize { get; init; } = 512 * 1024;

    /// <summary>Blocks fetched beyond a missed read in the same request (default 3).</summary>
    public int ReadAheadBlocks { get; init; } = 3;

    /// <summary>Most bytes one stream keeps cached; least recently used blocks go first (default 32 MiB).</summary>
    public long CapacityBytes { get; init; } = 32L * 1024 * 1024;

    /// <summary>Most bytes one range request asks for; longer runs of missing blocks are split (default 16 MiB).</summary>
    public int MaxRequestBytes { get; init; } = 16 * 1024 * 1024;

    /// <summary>Throws when a setting is out of range.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(BlockSize, 4096, nameof(BlockSize));
        ArgumentOutOfRangeException.ThrowIfNegative(ReadAheadBlocks, nameof(ReadAheadBlocks));
        ArgumentOutOfRangeException.ThrowIfLessThan(CapacityBytes, BlockSize, nameof(CapacityBytes));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxRequestBytes, BlockSize, nameof(MaxRequestBytes));
    }

    /// <summary>Blocks a stream may keep.</summary>
    internal int CapacityBlocks => (int)Math.Min(int.MaxValue, CapacityBytes / BlockSize);

    /// <summary>Blocks one request may cover.</summary>
    internal int MaxRequestBlocks => MaxRequestBytes / BlockSize;

    /// <summary>Bytes fetched at open: the first block and its read-ahead.</summary>
    internal int HeadBytes => (int)Math.Min((long)BlockSize * (1 + ReadAheadBlocks), (long)MaxRequestBlocks * BlockSize);
}
