using System.Buffers;
using System.Globalization;
using Magg.Orleans.Core.Granules;

namespace Magg.Orleans.Storage.Granules;

/// <summary>
/// A read-only, seekable stream over a remote object of known length. Reads are served from an LRU cache of aligned
/// blocks; a miss fetches the missing blocks of the read plus a few following ones, consecutive missing blocks
/// merged into one range request, synchronously (the HDF5 reader reads synchronously).
/// </summary>
public sealed class RangeCachingStream : ReadOnlyGranuleStream
{
    private readonly IRangeFetcher _fetcher;
    private readonly RangeCacheOptions _options;
    private readonly BlockCache _cache;
    private readonly CancellationToken _cancellationToken;
    private readonly Lock _gate = new();
    private bool _disposed;

    private RangeCachingStream(IRangeFetcher fetcher, RangeCacheOptions options, long length, RangeStatistics statistics, CancellationToken cancellationToken)
        : base(length)
    {
        _fetcher = fetcher;
        _options = options;
        _cache = new BlockCache(options.BlockSize, options.CapacityBlocks);
        _cancellationToken = cancellationToken;
        Statistics = statistics;
    }

    /// <summary>Requests and bytes of this stream (also added to the source's aggregate).</summary>
    public RangeStatistics Statistics { get; }

    /// <summary>The granule's address for messages.</summary>
    public string Granule => _fetcher.Granule;

    /// <inheritdoc />
    protected override bool IsClosed => _disposed;


    /// <summary>
    /// Asks <paramref name="fetcher"/> for the object's length and first blocks (one request) and returns the stream.
    /// <paramref name="cancellationToken"/> also cancels the stream's later synchronous reads.
    /// </summary>
    /// <exception cref="GranuleAccessException">The object cannot be read; the kind says why.</exception>
    public static async ValueTask<RangeCachingStream> OpenAsync(IRangeFetcher fetcher, RangeCacheOptions options, RangeStatistics statistics,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(fetcher);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(statistics);
        options.Validate();
        var headSize = options.HeadBytes;
        var head = ArrayPool<byte>.Shared.Rent(headSize);
        try
        {
            var length = await fetcher.GetLengthAsync(head.AsMemory(0, headSize), cancellationToken).ConfigureAwait(false);
            var received = (int)Math.Min(headSize, length);
            statistics.RecordOpen();
            statistics.RecordRequest(received);
            var stream = new RangeCachingStream(fetcher, options, length, statistics, cancellationToken);
            stream.AddBlocks(0, head.AsSpan(0, received));
            return stream;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(head);
        }
    }

    /// <inheritdoc />
    public override int Read(Span<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        lock (_gate)
        {
            var count = (int)Math.Min(buffer.Length, Math.Max(0, Length - Position));
            if (count == 0)
            {
                return 0;
            }

            CopyOut(Position, buffer[..count]);
            Position += count;
            Statistics.RecordRead(count);
            return count;
        }
    }

    /// <inheritdoc />
    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        ValidateBufferArguments(buffer, offset, count);
        return ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
    }

    /// <inheritdoc />
    /// <remarks>Served synchronously: the fetcher's requests are synchronous by design.</remarks>
    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(Read(buffer.Span));
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing && !_disposed)
        {
            lock (_gate)
            {
                _disposed = true;
                _cache.Dispose();
            }
        }

        base.Dispose(disposing);
    }

    private void CopyOut(long position, Span<byte> destination)
    {
        var blockSize = _options.BlockSize;
        var lastBlock = (position + destination.Length - 1) / blockSize;
        var block = position / blockSize;
        while (block <= lastBlock)
        {
            if (_cache.TryGet(block, out var cached))
            {
                Copy(cached.Span, block, position, destination);
                block++;
                continue;
            }

            var run = MissingRun(block, lastBlock);
            var runStart = block * blockSize;
            var runLength = (int)(Math.Min(Length, (block + run) * (long)blockSize) - runStart);
            var bytes = ArrayPool<byte>.Shared.Rent(runLength);
            try
            {
                var received = _fetcher.Fetch(runStart, bytes.AsMemory(0, runLength), _cancellationToken);
                Statistics.RecordRequest(received);
                if (received != runLength)
                {
                    throw new GranuleAccessException(GranuleErrorKind.Corrupt, _fetcher.Granule, string.Create(CultureInfo.InvariantCulture,
                        $"the server returned {received} of {runLength} bytes at offset {runStart}; the object is shorter than its length {Length}"));
                }

                for (var i = 0; i < run; i++)
                {
                    var blockBytes = bytes.AsSpan(i * blockSize, Math.Min(blockSize, runLength - (i * blockSize)));
                    if (block + i <= lastBlock)
                    {
                        Copy(blockBytes, block + i, position, destination);
                    }

                    _cache.Add(block + i, blockBytes);
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(bytes);
            }

            block += run;
        }
    }

    /// <summary>How many consecutive blocks from <paramref name="first"/> (missing) to fetch: missing ones of the read, then read-ahead.</summary>
    private int MissingRun(long first, long lastNeeded)
    {
        var blockCount = (Length + _options.BlockSize - 1) / _options.BlockSize;
        var limit = Math.Min(blockCount - 1, lastNeeded + _options.ReadAheadBlocks);
        var run = 1;
        while (run < _options.MaxRequestBlocks && first + run <= limit && !_cache.Contains(first + run))
        {
            run++;
        }

        return run;
    }

    /// <summary>Copies the part of block <paramref name="block"/> that overlaps the read at <paramref name="position"/>.</summary>
    private void Copy(ReadOnlySpan<byte> blockBytes, long block, long position, Span<byte> destination)
    {
        var blockStart = block * _options.BlockSize;
        var from = Math.Max(blockStart, position);
        var to = Math.Min(blockStart + blockBytes.Length, position + destination.Length);
        if (to > from)
        {
            blockBytes.Slice((int)(from - blockStart), (int)(to - from)).CopyTo(destination[(int)(from - position)..]);
        }
    }

    private void AddBlocks(long offset, ReadOnlySpan<byte> bytes)
    {
        var blockSize = _options.BlockSize;
        for (var start = 0; start < bytes.Length; start += blockSize)
        {
            _cache.Add((offset + start) / blockSize, bytes.Slice(start, Math.Min(blockSize, bytes.Length - start)));
        }
    }
}
