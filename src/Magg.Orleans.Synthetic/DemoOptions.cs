namespace Magg.Orleans.Synthetic;

/// <summary>
/// What <see cref="DemoDatasetBuilder"/> generates: a compact block of parent cells around a centre point, crossed by
/// evenly spaced (jittered) ICESat-2 tracks alternating between ascending and descending. Deterministic from
/// <see cref="Seed"/>. The defaults give about 40 parent cells on the East Antarctic plateau and about 2 million
/// segments.
/// </summary>
public sealed record DemoOptions
{
    /// <summary>About 40 parent cells around Dome C, East Antarctica (the default).</summary>
    public static DemoOptions Antarctica { get; } = new();

    /// <summary>About 40 parent cells around the summit of the Greenland ice sheet.</summary>
    public static DemoOptions Greenland { get; } = new() { CenterLatitude = 72.6, CenterLongitude = -38.5 };

    /// <summary>
    /// A run of the shape of a real one: 40 granules of real ATL06 length (6 beams x 140,000 segments, 10,000-row chunks,
    /// shuffle + deflate 6) crossing the 20 cells around Dome C, the catalog listing every parent cell they cross (about 250).
    /// 33.6 M segments, about 460 MB of granules.
    /// </summary>
    public static DemoOptions RealLength { get; } = new() { ParentCells = 20, Granules = 40, SegmentsPerBeam = 140_000, CatalogEveryCrossedCell = true };

    /// <summary>Seed of track placement and of every granule's noise.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>Number of parent cells in the region (the catalog lists those crossed by at least one granule).</summary>
    public int ParentCells { get; init; } = 40;

    /// <summary>Order of the parent (catalog) cells.</summary>
    public int ParentOrder { get; init; } = 6;

    /// <summary>Latitude of the region's centre (degrees, within ±80).</summary>
    public double CenterLatitude { get; init; } = -75.1;

    /// <summary>Longitude of the region's centre (degrees).</summary>
    public double CenterLongitude { get; init; } = 123.35;

    /// <summary>Total segments to write over all beams and granules; sets the number of granules unless <see cref="Granules"/> is given.</summary>
    public long TargetObservations { get; init; } = 2_000_000;

    /// <summary>Number of granules (tracks); null derives it from <see cref="TargetObservations"/>.</summary>
    public int? Granules { get; init; }

    /// <summary>
    /// Segments per beam of every granule (real ATL06 granules have about 140,000), centred on the region; null sizes each
    /// granule to the region it crosses plus <see cref="MarginKm"/>.
    /// </summary>
    public int? SegmentsPerBeam { get; init; }

    /// <summary>
    /// True lists every parent cell the granules cross in the catalog (long granules reach far beyond the region);
    /// false lists the region's cells only.
    /// </summary>
    public bool CatalogEveryCrossedCell { get; init; }

    /// <summary>How far (km) granules run past the region's northern and southern edges.</summary>
    public double MarginKm { get; init; } = 30;

    /// <summary>Date of the first track; the others follow over about one 91-day cycle.</summary>
    public DateOnly StartDate { get; init; } = new(2024, 1, 6);

    /// <summary>Orbit cycle written into granule names.</summary>
    public int Cycle { get; init; } = 22;

    /// <summary>Granule content and storage options (their <see cref="SyntheticOptions.Seed"/> is replaced per granule).</summary>
    public SyntheticOptions Granule { get; init; } = new();

    /// <summary><c>metadata.s3_base</c> of the catalogs; <c>catalog_s3.json</c> lists granules as <c>{S3Base}/granules/{name}</c>.</summary>
    public string S3Base { get; init; } = "s3://magg-synthetic/ATLAS";

    /// <summary><c>metadata.https_base</c> of the catalogs (what <see cref="S3Base"/> becomes for the https driver).</summary>
    public string HttpsBase { get; init; } = "https://data.example.invalid/magg-synthetic/ATLAS";

    /// <summary>Granules generated at the same time.</summary>
    public int MaxParallelism { get; init; } = Environment.ProcessorCount;

    /// <summary>Throws when an option is out of range.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(ParentCells, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(ParentCells, 5000);
        ArgumentOutOfRangeException.ThrowIfLessThan(ParentOrder, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(ParentOrder, 10);
        if (!double.IsFinite(CenterLatitude) || Math.Abs(CenterLatitude) > 80)
        {
            throw new ArgumentOutOfRangeException(nameof(CenterLatitude), CenterLatitude, "The demo region's centre must lie within ±80°.");
        }

        if (!double.IsFinite(CenterLongitude))
        {
            throw new ArgumentOutOfRangeException(nameof(CenterLongitude), CenterLongitude, "Must be finite.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(TargetObservations, 1);
        if (Granules is { } granules)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(granules, 1, nameof(Granules));
        }

        if (SegmentsPerBeam is { } segments)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(segments, 1, nameof(SegmentsPerBeam));
            ArgumentOutOfRangeException.ThrowIfGreaterThan(segments, 1_000_000, nameof(SegmentsPerBeam));
        }

        if (!double.IsFinite(MarginKm) || MarginKm < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MarginKm), MarginKm, "Must be a non-negative distance.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(MaxParallelism, 1);
        ArgumentException.ThrowIfNullOrWhiteSpace(S3Base);
        ArgumentException.ThrowIfNullOrWhiteSpace(HttpsBase);
        ArgumentNullException.ThrowIfNull(Granule);
        Granule.Validate();
    }
}
