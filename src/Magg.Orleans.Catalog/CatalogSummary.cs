namespace Magg.Orleans.Catalog;

/// <summary>What a build found and how long each phase took.</summary>
public sealed record CatalogSummary
{
    /// <summary>Granules CMR returned.</summary>
    public required int GranulesFound { get; init; }

    /// <summary>CMR's hit count.</summary>
    public required int Hits { get; init; }

    /// <summary>Granules listed in at least one cell.</summary>
    public required int GranulesUsed { get; init; }

    /// <summary>Granules left out, by reason.</summary>
    public required IReadOnlyDictionary<SkipReason, int> Skipped { get; init; }

    /// <summary>Parent cells covering the area of interest.</summary>
    public required int AreaCells { get; init; }

    /// <summary>Catalog cells: in the area and touched by a footprint.</summary>
    public required int Cells { get; init; }

    /// <summary>Fewest granules in a cell.</summary>
    public required int GranulesPerCellMin { get; init; }

    /// <summary>Most granules in a cell.</summary>
    public required int GranulesPerCellMax { get; init; }

    /// <summary>Mean granules per cell.</summary>
    public required double GranulesPerCellAvg { get; init; }

    /// <summary>CMR pages fetched.</summary>
    public required int Pages { get; init; }

    /// <summary>Time to cover the area of interest.</summary>
    public required TimeSpan CoverTime { get; init; }

    /// <summary>Time to fetch every page.</summary>
    public required TimeSpan SearchTime { get; init; }

    /// <summary>Time to finish intersecting the footprints after the last page (each page is intersected while the next one downloads).</summary>
    public required TimeSpan IntersectTime { get; init; }
}
