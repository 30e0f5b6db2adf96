namespace Magg.Orleans.Catalog;

/// <summary>Where a build is.</summary>
public enum CatalogPhase
{
    /// <summary>Covering the area of interest with parent cells.</summary>
    Covering,

    /// <summary>Fetching pages from CMR.</summary>
    Searching,

    /// <summary>Intersecting footprints with cells.</summary>
    Intersecting,

    /// <summary>Finished.</summary>
    Done,
}
