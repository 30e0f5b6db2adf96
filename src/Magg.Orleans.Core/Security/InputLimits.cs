namespace Magg.Orleans.Core.Security;

/// <summary>
/// Caps on what configs and catalogs may ask of the process that parses them (configuration section
/// <c>Magg:Limits</c>). A value over a cap is refused with an error that names the cap, never truncated. Structural
/// caps that protect the stack (YAML nesting, expression nodes and depth) are constants, not options.
/// </summary>
public sealed class InputLimits
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Magg:Limits";

    /// <summary>Largest pipeline config in UTF-8 bytes (default 64 KiB; the reference config is 1.6 KiB).</summary>
    public int MaxConfigBytes { get; set; } = 64 * 1024;

    /// <summary>
    /// Largest catalog file in bytes (default 256 MiB). One year of ATL06 over Antarctica at parent order 6 is about
    /// 0.5 M granule entries (~50 MB of JSON), so the default takes a continental catalog of several years.
    /// Catalogs are parsed as a stream and repeated granule names are stored once, so memory stays far below the file
    /// size; the cap bounds parse time and the worst case of a catalog whose every entry is different.
    /// </summary>
    public long MaxCatalogBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>Most granule entries in one catalog cell (default 100,000; a cell at the pole over the whole mission has ~40,000).</summary>
    public int MaxGranulesPerCell { get; set; } = 100_000;

    /// <summary>Most granule entries in a whole catalog, summed over its cells (default 10 million).</summary>
    public long MaxCatalogGranules { get; set; } = 10_000_000;

    /// <summary>Most cells in one catalog (default 1,000,000; the whole globe at parent order 6 is 49,152).</summary>
    public int MaxCatalogCells { get; set; } = 1_000_000;

    /// <summary>Longest granule entry in characters (default 2,048; real S3 and HTTPS granule URLs are about 100).</summary>
    public int MaxGranuleLength { get; set; } = 2048;

    /// <summary>
    /// Most HEALPix levels between a catalog's parent order and a config's child order (default 10: a chunk of at most
    /// 4^10 = 1,048,576 children; magg's usual 6 to 12 is 6 levels).
    /// </summary>
    public int MaxChildLevels { get; set; } = 10;

    /// <summary>Highest <c>max_workers</c> a run may ask for (default 10,000; a silo also caps the cells it processes at once).</summary>
    public int MaxWorkers { get; set; } = 10_000;

    /// <summary>Most cells one run may process (default 1,000,000).</summary>
    public int MaxCellsPerRun { get; set; } = 1_000_000;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> when a cap is not positive, or past what the parsers can honour.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxConfigBytes, 1, nameof(MaxConfigBytes));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxConfigBytes, 16 * 1024 * 1024, nameof(MaxConfigBytes));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxCatalogBytes, 1, nameof(MaxCatalogBytes));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxGranulesPerCell, 1, nameof(MaxGranulesPerCell));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxCatalogCells, 1, nameof(MaxCatalogCells));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxCatalogGranules, 1, nameof(MaxCatalogGranules));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxGranuleLength, 1, nameof(MaxGranuleLength));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxChildLevels, 0, nameof(MaxChildLevels));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxChildLevels, 15, nameof(MaxChildLevels));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxWorkers, 1, nameof(MaxWorkers));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxCellsPerRun, 1, nameof(MaxCellsPerRun));
    }
}
