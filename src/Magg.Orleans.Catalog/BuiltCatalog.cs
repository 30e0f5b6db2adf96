using System.Text.Json.Nodes;
using Magg.Orleans.Catalog.Output;

namespace Magg.Orleans.Catalog;

/// <summary>A built catalog: metadata, cells in key order and the granules they list; save it as JSON or GeoParquet.</summary>
/// <param name="Query">What was asked for.</param>
/// <param name="Metadata">The <c>metadata</c> object, keys in the old tool's order.</param>
/// <param name="Cells">Parent cells (decimal mortons, ascending) with their granules' s3 URLs in CMR order.</param>
/// <param name="Granules">Every listed granule, in CMR order.</param>
/// <param name="Summary">Counts and timings.</param>
public sealed record BuiltCatalog(
    CatalogQuery Query,
    JsonObject Metadata,
    IReadOnlyList<KeyValuePair<long, IReadOnlyList<string>>> Cells,
    IReadOnlyList<CatalogGranule> Granules,
    CatalogSummary Summary)
{
    /// <summary>
    /// Writes the catalog to <paramref name="path"/>: GeoParquet when it ends in <c>.parquet</c>, magg JSON otherwise.
    /// The file appears whole or not at all (written under a temporary name, then renamed).
    /// </summary>
    public Task SaveAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        return path.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase)
            ? AtomicFile.WriteAsync(path, stream => CatalogParquetWriter.WriteAsync(this, stream, cancellationToken), cancellationToken)
            : AtomicFile.WriteAsync(path, stream => CatalogJsonWriter.WriteAsync(this, stream, cancellationToken), cancellationToken);
    }
}
