using Magg.Orleans.Storage.Granules;

namespace Magg.Orleans.Storage.Tests.Granules;

public sealed class RangeCachingStreamTests
{
    private const int Block = 4096;

    private static readonly RangeCacheOptions NoReadAhead = new() { BlockSize = Block, ReadAheadBlocks = 0, CapacityBytes = 64 * Block, MaxRequestBytes = 64 * Block };

    private static byte[] Data(int length)
    {
        var data = new byte[length];
        new Random(42).NextBytes(data);
        return data;
    }

    [Theory]
    [InlineData(4096, 0, 1 << 20)]
    [InlineData(4096, 2, 3 * 4096)]
    [InlineData(8192, 3, 16 * 8192)]
    public async Task Read_RandomSeeksAndLengths_ReturnsTheObjectsBytes(int blockSize, int readAhead, long capacity)
    {
        // Arrange
        var data = Data(100_003);
        var options = new RangeCacheOptions { BlockSize = blockSize, ReadAheadBlocks = readAhead, CapacityBytes = capacity, MaxRequestBytes = 4 * blockSize };
        await using var stream = await RangeCachingStream.OpenAsync(new MemoryRangeFetcher(data), options, new RangeStatistics(), TestContext.Current.CancellationToken);
        var random = new Random(7);

        // Act & Assert
        Assert.Equal(data.Length, stream.Length);
        for (var i = 0; i < 500; i++)
        {
            var position = random.Next(data.Length + 10);
            var buffer = new byte[random.Next(1, 40_000)];
            stream.Position = position;
            var read = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
            var expected = Math.Clamp(data.Length - position, 0, buffer.Length);
            Assert.Equal(expected, read);
            Assert.True(buffer.AsSpan(0, read).SequenceEqual(data.AsSpan(Math.Min(position, data.Length), read)), $"bytes at {position}");
            Assert.Equal(position + read, stream.Position);
        }
    }

    [Fact]
    public async Task Read_SpanningSeveralMissingBlocks_FetchesThemInOneRequest()
    {
        // Arrange
        var fetcher = new MemoryRangeFetcher(Data(40 * Block));
        await using var stream = await RangeCachingStream.OpenAsync(fetcher, NoReadAhead, new RangeStatistics(), TestContext.Current.CancellationToken);
        var buffer = new byte[5 * Block];

        // Act
        stream.Position = 10 * Block + 100;
        stream.ReadExactly(buffer);

        // Assert: the head at open, then blocks 10..15 (the read touches six) in one request
        Assert.Equal([(0, Block), (10 * Block, 6 * Block)], fetcher.Fetches);
    }

    [Fact]
    public async Task Read_AroundACachedBlock_FetchesEachMissingRunOnce()
    {
        // Arrange
        var fetcher = new MemoryRangeFetcher(Data(40 * Block));
        await using var stream = await RangeCachingStream.OpenAsync(fetcher, NoReadAhead, new RangeStatistics(), TestContext.Current.CancellationToken);
        stream.Position = 12 * Block;
        stream.ReadExactly(new byte[10]);

        // Act
        stream.Position = 10 * Block;
        stream.ReadExactly(new byte[5 * Block]);

        // Assert
        Assert.Equal([(0, Block), (12 * Block, Block), (10 * Block, 2 * Block), (13 * Block, 2 * Block)], fetcher.Fetches);
    }

    [Fact]
    public async Task Read_Sequential_ReadAheadServesFollowingReadsFromCache()
    {
        // Arrange
        var fetcher = new MemoryRangeFetcher(Data(64 * Block));
        var statistics = new RangeStatistics();
        var options = NoReadAhead with { ReadAheadBlocks = 7 };
        await using var stream = await RangeCachingStream.OpenAsync(fetcher, options, statistics, TestContext.Current.CancellationToken);

        // Act: 64 blocks read 1 KiB at a time
        var buffer = new byte[1024];
        while (stream.Read(buffer) > 0)
        {
        }

        // Assert: one request per 8 blocks
        Assert.Equal(8, fetcher.Fetches.Count);
        Assert.All(fetcher.Fetches, f => Assert.Equal(8 * Block, f.Length));
        Assert.Equal(new RangeStatisticsSnapshot(1, 8, 0, 64 * Block, 64 * Block), statistics.Snapshot());
    }

    [Fact]
    public async Task Read_BeyondCapacity_EvictsLeastRecentlyUsedBlocks()
    {
        // Arrange: room for two blocks
        var fetcher = new MemoryRangeFetcher(Data(10 * Block));
        var options = NoReadAhead with { CapacityBytes = 2 * Block };
        await using var stream = await RangeCachingStream.OpenAsync(fetcher, options, new RangeStatistics(), TestContext.Current.CancellationToken);
        void ReadBlock(int block)
        {
            stream.Position = block * Block;
            stream.ReadExactly(new byte[1]);
        }

        // Act: block 0 is cached at open; 1 fills the cache, 0 is touched, 2 evicts 1 (least recent), 0 stays
        ReadBlock(1);
        ReadBlock(0);
        ReadBlock(2);
        ReadBlock(0);
        ReadBlock(1);

        // Assert
        Assert.Equal([(0, Block), (Block, Block), (2 * Block, Block), (Block, Block)], fetcher.Fetches);
    }

    [Fact]
    public async Task Statistics_OfAStream_AddToTheirParent()
    {
        // Arrange
        var aggregate = new RangeStatistics();
        var data = Data(3 * Block);

        // Act
        for (var i = 0; i < 2; i++)
        {
            await using var stream = await RangeCachingStream.OpenAsync(new MemoryRangeFetcher(data), NoReadAhead, new RangeStatistics(aggregate),
                TestContext.Current.CancellationToken);
            stream.ReadExactly(new byte[3 * Block]);
        }

        // Assert: per stream the head at open and one request for blocks 1..2
        Assert.Equal(new RangeStatisticsSnapshot(2, 4, 0, 6 * Block, 6 * Block), aggregate.Snapshot());
    }

    [Fact]
    public async Task Write_OnAGranuleStream_IsNotSupported()
    {
        await using var stream = await RangeCachingStream.OpenAsync(new MemoryRangeFetcher(Data(10)), NoReadAhead, new RangeStatistics(),
            TestContext.Current.CancellationToken);

        Assert.False(stream.CanWrite);
        Assert.Throws<NotSupportedException>(() => stream.Write(new byte[1]));
    }
}
