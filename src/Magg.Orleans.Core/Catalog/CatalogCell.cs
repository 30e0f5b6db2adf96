namespace Magg.Orleans.Core.Catalog;

/// <summary>One parent cell of a catalog.</summary>
/// <param name="ParentMorton">The parent cell (a catalog key).</param>
/// <param name="ChunkIndex">Its position in the full catalog: the Zarr chunk it writes.</param>
/// <param name="Granules">Granules as written in the catalog (relative paths, <c>s3://</c> or <c>https://</c> URLs).</param>
public sealed record CatalogCell(long ParentMorton, int ChunkIndex, IReadOnlyList<string> Granules);
