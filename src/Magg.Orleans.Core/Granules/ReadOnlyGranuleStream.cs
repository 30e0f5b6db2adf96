namespace Magg.Orleans.Core.Granules;

/// <summary>
/// The seekable, read-only part every granule stream shares: position and length bookkeeping, seeking, and refusing
/// writes. A derived stream implements <see cref="Read(Span{byte})"/> from <see cref="Position"/> and says when it is
/// closed.
/// </summary>
/// <param name="length">The granule's length in bytes.</param>
public abstract class ReadOnlyGranuleStream(long length) : Stream
{
    private long _position;

    /// <inheritdoc />
    public sealed override long Length { get; } = length;

    /// <inheritdoc />
    public sealed override bool CanRead => !IsClosed;

    /// <inheritdoc />
    public sealed override bool CanSeek => !IsClosed;

    /// <inheritdoc />
    public sealed override bool CanWrite => false;

    /// <inheritdoc />
    public sealed override long Position
    {
        get => _position;
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            _position = value;
        }
    }

    /// <summary>True once the stream is disposed.</summary>
    protected abstract bool IsClosed { get; }

    /// <inheritdoc />
    public sealed override int Read(byte[] buffer, int offset, int count)
    {
        ValidateBufferArguments(buffer, offset, count);
        return Read(buffer.AsSpan(offset, count));
    }

    /// <inheritdoc />
    public abstract override int Read(Span<byte> buffer);

    /// <inheritdoc />
    public sealed override int ReadByte()
    {
        Span<byte> one = stackalloc byte[1];
        return Read(one) == 1 ? one[0] : -1;
    }

    /// <inheritdoc />
    public sealed override long Seek(long offset, SeekOrigin origin)
    {
        ObjectDisposedException.ThrowIf(IsClosed, this);
        var target = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position + offset,
            SeekOrigin.End => Length + offset,
            _ => throw new ArgumentOutOfRangeException(nameof(origin)),
        };
        if (target < 0)
        {
            throw new IOException("Cannot seek before the start of the granule.");
        }

        _position = target;
        return target;
    }

    /// <summary>Nothing to flush: the stream is read-only.</summary>
    public sealed override void Flush()
    {
    }

    /// <inheritdoc />
    public sealed override void SetLength(long value) => throw new NotSupportedException("Granule streams are read-only.");

    /// <inheritdoc />
    public sealed override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("Granule streams are read-only.");
}
