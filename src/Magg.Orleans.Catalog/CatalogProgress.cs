namespace Magg.Orleans.Catalog;

/// <summary>Progress of a build.</summary>
/// <param name="Phase">What is being done.</param>
/// <param name="Pages">CMR pages fetched.</param>
/// <param name="Granules">Granules fetched.</param>
/// <param name="Hits">Granules CMR says match (0 until the first page).</param>
/// <param name="Mapped">Granules intersected with the cells so far.</param>
/// <param name="AreaCells">Parent cells covering the area of interest.</param>
/// <param name="Cells">Catalog cells (known when done).</param>
public sealed record CatalogProgress(CatalogPhase Phase, int Pages, int Granules, int Hits, int Mapped, int AreaCells, int Cells);
