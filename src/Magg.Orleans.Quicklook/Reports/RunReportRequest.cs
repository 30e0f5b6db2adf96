namespace Magg.Orleans.Quicklook.Reports;

/// <summary>The request of a run as the report records it: the agg() options, never a credential.</summary>
/// <param name="Config">The pipeline config as given: a built-in name or a file.</param>
/// <param name="ConfigFingerprint">Hash of the config as parsed, when known.</param>
/// <param name="Catalog">The catalog as given.</param>
/// <param name="Store">The output store's location.</param>
/// <param name="Backend"><c>local</c> or <c>lambda</c>.</param>
/// <param name="Driver"><c>s3</c> or <c>https</c>.</param>
/// <param name="MaxWorkers">Cells processed at once.</param>
/// <param name="Overwrite">Whether the store template was recreated.</param>
/// <param name="Compression">Chunk compression: <c>none</c>, <c>zstd</c> or <c>gzip</c>.</param>
/// <param name="ParentOrder">HEALPix order of the catalog's cells.</param>
/// <param name="ChildOrder">HEALPix order of the stored cells.</param>
/// <param name="TotalCatalogCells">Cells in the whole catalog (chunks in the store).</param>
/// <param name="MaxCells">The <c>max_cells</c> option, when given.</param>
/// <param name="MortonCell">The <c>morton_cell</c> option, when given.</param>
/// <param name="Region">AWS region of an S3 store, when given.</param>
/// <param name="StoreEndpoint">S3-compatible endpoint of the store, when given.</param>
public sealed record RunReportRequest(
    string Config,
    string? ConfigFingerprint,
    string? Catalog,
    string Store,
    string Backend,
    string Driver,
    int MaxWorkers,
    bool Overwrite,
    string Compression,
    int ParentOrder,
    int ChildOrder,
    int TotalCatalogCells,
    int? MaxCells = null,
    long? MortonCell = null,
    string? Region = null,
    string? StoreEndpoint = null);
