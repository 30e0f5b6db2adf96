using System.Text.Json.Serialization;
using Parquet.Serialization.Attributes;

namespace Magg.Orleans.Core.Catalog;

/// <summary>
/// One row of a GeoParquet catalog: a granule, its URLs, time span, footprint (WKB, GeoParquet 1.1, spherical edges)
/// and the parent cells (decimal mortons) whose catalog lists hold it. The file's key/value metadata carries the
/// catalog metadata under <see cref="GranuleCatalogParquet.MetadataKey"/> and the GeoParquet <c>geo</c> object.
/// </summary>
public sealed class CatalogParquetRow
{
    /// <summary><c>granule_id</c>: CMR's GranuleUR.</summary>
    [JsonPropertyName("granule_id"), ParquetRequired]
    public string GranuleId { get; set; } = "";

    /// <summary><c>s3_url</c>: the entry the catalog's cell lists hold.</summary>
    [JsonPropertyName("s3_url"), ParquetRequired]
    public string S3Url { get; set; } = "";

    /// <summary><c>https_url</c>, if CMR has one.</summary>
    [JsonPropertyName("https_url")]
    public string? HttpsUrl { get; set; }

    /// <summary><c>start_time</c> (UTC).</summary>
    [JsonPropertyName("start_time"), ParquetTimestamp(ParquetTimestampResolution.Microseconds, true, true)]
    public DateTime? StartTime { get; set; }

    /// <summary><c>end_time</c> (UTC).</summary>
    [JsonPropertyName("end_time"), ParquetTimestamp(ParquetTimestampResolution.Microseconds, true, true)]
    public DateTime? EndTime { get; set; }

    /// <summary><c>geometry</c>: the footprint as WKB (Polygon or MultiPolygon, lon/lat, counterclockwise rings).</summary>
    [JsonPropertyName("geometry")]
#pragma warning disable CA1819 // a WKB column is a byte array
    public byte[]? Geometry { get; set; }
#pragma warning restore CA1819

    /// <summary><c>cells</c>: the parent cells (decimal mortons, ascending) that list this granule.</summary>
    [JsonPropertyName("cells")]
    public List<long> Cells { get; set; } = [];
}
