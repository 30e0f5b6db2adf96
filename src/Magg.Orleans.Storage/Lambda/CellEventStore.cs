namespace Magg.Orleans.Storage.Lambda;

/// <summary>
/// The store a cell event writes into and the layout it writes. No endpoint and no credentials: the function reaches
/// S3 with its own role, at its own endpoint (<c>AWS_ENDPOINT_URL_S3</c> when set).
/// </summary>
/// <param name="Location">The store, <c>s3://bucket/prefix</c> (canonical).</param>
/// <param name="Region">Its AWS region (null: the function's own).</param>
/// <param name="Compression">Chunk compression: <c>none</c>, <c>zstd</c> or <c>gzip</c>.</param>
/// <param name="ParentOrder">Order of the catalog's cells.</param>
/// <param name="TotalCells">Cells of the catalog: the store holds this many chunks.</param>
/// <param name="CatalogDigest">Hash of the catalog's cell list, part of the template's identity.</param>
public sealed record CellEventStore(string Location, string? Region, string Compression, int ParentOrder, int TotalCells, string CatalogDigest);
