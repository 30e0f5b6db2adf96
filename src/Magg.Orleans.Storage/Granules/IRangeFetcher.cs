namespace Magg.Orleans.Storage.Granules;

/// <summary>
/// Fetches byte ranges of one remote object for a <see cref="RangeCachingStream"/>: the length (and first bytes)
/// asynchronously at open, then ranges synchronously, because the HDF5 reader reads synchronously.
/// </summary>
public interface IRangeFetcher
{
    /// <summary>The object's address for messages (never with credentials or a query string).</summary>
    string Granule { get; }

    /// <summary>
    /// Returns the object's length and fills <paramref name="head"/> with its first
    /// <c>min(head.Length, length)</c> bytes, in one request where the server allows it.
    /// </summary>
    /// <exception cref="Core.Granules.GranuleAccessException">The object cannot be read; the kind says why.</exception>
    ValueTask<long> GetLengthAsync(Memory<byte> head, CancellationToken cancellationToken);

    /// <summary>
    /// Synchronously reads the bytes at <paramref name="offset"/> into <paramref name="destination"/> and returns how
    /// many were read: all of them unless the object ends first.
    /// </summary>
    /// <exception cref="Core.Granules.GranuleAccessException">The range cannot be read; the kind says why.</exception>
    int Fetch(long offset, Memory<byte> destination, CancellationToken cancellationToken);
}
