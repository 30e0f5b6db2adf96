using System.Buffers;
using Microsoft.Win32.SafeHandles;

namespace Magg.Orleans.Core.Granules;

/// <summary>
/// A read-only, seekable stream over a local granule file that reads whole aligned blocks and keeps the last few, so
/// the many small reads of HDF5 metadata cost one read call per block; a read of at least a block (a compressed chunk)
/// goes straight into the caller's buffer in one call. Used by one thread at a time.
/// </summary>
internal sealed class LocalGranuleStream : ReadOnlyGranuleStream, IGranuleVersion
{
    private const int BlockSize = 64 * 1024;
    private const int CachedBlocks = 16;

    private readonly SafeFileHandle _handle;
    private readonly LocalGranuleSource _source;
    private readonly byte[]?[] _blocks = new byte[CachedBlocks][];
    private readonly long[] _blockIndex = new long[CachedBlocks];
    private readonly int[] _blockLength = new int[CachedBlocks];
    private readonly long[] _blockUse = new long[CachedBlocks];
    private long _uses;

    private LocalGranuleStream(SafeFileHandle handle, long length, string version, LocalGranuleSource source)
        : base(length)
    {
        _handle = handle;
        _source = source;
        Version = version;
        Array.Fill(_blockIndex, -1);
    }

    public string Version { get; }

    protected override bool IsClosed => _handle.IsClosed;


    public static LocalGranuleStream Open(string path, LocalGranuleSource source)
    {
        var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.RandomAccess);
        try
        {
            return new LocalGranuleStream(handle, RandomAccess.GetLength(handle), LocalGranuleSource.Version(File.GetLastWriteTimeUtc(handle)), source);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>Gives the cached blocks back to the pool (the stream stays usable and refills on demand).</summary>
    public void ReleaseBlocks()
    {
        for (var i = 0; i < CachedBlocks; i++)
        {
            if (_blocks[i] is { } block)
            {
                ArrayPool<byte>.Shared.Return(block);
                _blocks[i] = null;
                _blockIndex[i] = -1;
            }
        }
    }

    public override int Read(Span<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
        var count = (int)Math.Min(buffer.Length, Math.Max(0, Length - Position));
        if (count == 0)
        {
            return 0;
        }

        if (count >= BlockSize)
        {
            var read = ReadAt(Position, buffer[..count]);
            Position += read;
            return read;
        }

        var done = 0;
        while (done < count)
        {
            var position = Position + done;
            var block = Block(position / BlockSize);
            var offset = (int)(position % BlockSize);
            var available = Math.Min(count - done, _blockLength[block] - offset);
            if (available <= 0)
            {
                break;
            }

            _blocks[block]!.AsSpan(offset, available).CopyTo(buffer[done..]);
            done += available;
        }

        Position += done;
        return done;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_handle.IsClosed)
        {
            _handle.Dispose();
            ReleaseBlocks();
        }

        base.Dispose(disposing);
    }

    /// <summary>The cache slot holding block <paramref name="index"/>, reading it into the least recently used slot if needed.</summary>
    private int Block(long index)
    {
        var slot = Array.IndexOf(_blockIndex, index);
        if (slot < 0)
        {
            slot = 0;
            for (var i = 1; i < CachedBlocks; i++)
            {
                if (_blockUse[i] < _blockUse[slot])
                {
                    slot = i;
                }
            }

            var bytes = _blocks[slot] ??= ArrayPool<byte>.Shared.Rent(BlockSize);
            _blockIndex[slot] = -1;
            _blockLength[slot] = ReadAt(index * BlockSize, bytes.AsSpan(0, (int)Math.Min(BlockSize, Length - (index * BlockSize))));
            _blockIndex[slot] = index;
        }

        _blockUse[slot] = ++_uses;
        return slot;
    }

    private int ReadAt(long position, Span<byte> destination)
    {
        var done = 0;
        while (done < destination.Length)
        {
            _source.CountRead();
            var read = RandomAccess.Read(_handle, destination[done..], position + done);
            if (read == 0)
            {
                break;
            }

            done += read;
        }

        return done;
    }
}
