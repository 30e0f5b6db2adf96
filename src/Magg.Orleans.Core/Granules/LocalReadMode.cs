namespace Magg.Orleans.Core.Granules;

/// <summary>How <see cref="LocalGranuleSource"/> reads granule files.</summary>
public enum LocalReadMode
{
    /// <summary>
    /// Aligned blocks through a small per-stream block cache (one read call per block; a read of a block or more, such
    /// as a compressed chunk, is one read call straight into the caller's buffer).
    /// </summary>
    Buffered,

    /// <summary>A read-only memory map of the file: no read calls at all, pages come from the page cache.</summary>
    MemoryMapped,
}
