namespace Magg.Orleans.Core.Granules;

/// <summary>
/// Opens granules of one kind of location (local files, S3, HTTPS) as seekable streams for the HDF5 reader.
/// </summary>
/// <remarks>
/// PureHDF 2.2 reads synchronously, so the returned stream's synchronous <see cref="Stream.Read(Span{byte})"/> is the
/// hot path. Remote sources serve it from a byte-range cache filled with genuinely synchronous requests (never by
/// blocking on a task), and keep the number of requests per granule small with read-ahead.
/// </remarks>
public interface IGranuleSource
{
    /// <summary>True when this source reads <paramref name="address"/> (by scheme).</summary>
    bool CanOpen(Uri address);

    /// <summary>Opens a readable, seekable stream over the granule's bytes.</summary>
    /// <exception cref="GranuleAccessException">The granule cannot be reached; the kind says why.</exception>
    ValueTask<Stream> OpenAsync(Uri address, CancellationToken cancellationToken);
}
