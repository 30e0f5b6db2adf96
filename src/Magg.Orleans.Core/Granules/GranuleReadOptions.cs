namespace Magg.Orleans.Core.Granules;

/// <summary>How a silo caches what it decodes from granules.</summary>
public sealed record GranuleReadOptions
{
    /// <summary>
    /// Most bytes of decoded chunks (variables, and the pixels of coordinates) kept for the cells that share them. A
    /// block every cell in it has read goes at once; beyond that, least recently used go first (default 80 MiB; 0
    /// keeps nothing beyond a cell's own reads).
    /// </summary>
    public long CacheBytes { get; init; } = 80L * 1024 * 1024;

    /// <summary>
    /// Most granules kept open between cells (local files only: their version is known without opening them), so a
    /// later cell reuses the parsed HDF5 metadata (default 64; 0 closes every granule after its cell).
    /// </summary>
    public int OpenGranules { get; init; } = 64;

    /// <summary>Most beams (granule x group) whose chunk summaries and parent row ranges are remembered (default 20,000).</summary>
    public int MaxBeams { get; init; } = 20_000;

    /// <summary>
    /// Summarise every latitude chunk of a beam instead of bisecting (the fallback for beams that are not monotonic in
    /// latitude). Slower for a single cell; for tests that compare both paths.
    /// </summary>
    public bool ScanEveryChunk { get; init; }

    /// <summary>Throws when a setting is out of range.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegative(CacheBytes, nameof(CacheBytes));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxBeams, 1, nameof(MaxBeams));
        ArgumentOutOfRangeException.ThrowIfNegative(OpenGranules, nameof(OpenGranules));
    }
}
