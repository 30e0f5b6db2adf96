namespace Magg.Orleans.Storage.Zarr;

/// <summary>The compression codec after the <c>bytes</c> codec of every output array.</summary>
public enum ChunkCompression
{
    /// <summary>Plain little-endian bytes (the default, as the Python tool writes).</summary>
    None,

    /// <summary>Zstandard (codec <c>zstd</c>, level 3, no checksum).</summary>
    Zstd,

    /// <summary>gzip (codec <c>gzip</c>, level 5).</summary>
    Gzip,
}
