using System.Text.Json.Nodes;
using Magg.Orleans.Core.Catalog;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;
using Parquet.Serialization;

namespace Magg.Orleans.Catalog.Output;

/// <summary>
/// GeoParquet 1.1: one <see cref="CatalogParquetRow"/> per listed granule (CMR order), the footprint as WKB in
/// <c>geometry</c> with <c>edges: spherical</c> declared, and the catalog metadata under
/// <see cref="GranuleCatalogParquet.MetadataKey"/> in the file's key/value metadata.
/// </summary>
internal static class CatalogParquetWriter
{
    private static readonly GeometryFactory Factory = new(new PrecisionModel(), 4326);

    public static async Task WriteAsync(BuiltCatalog catalog, Stream stream, CancellationToken cancellationToken)
    {
        var wkb = new WKBWriter(ByteOrder.LittleEndian, handleSRID: false);
        var rows = catalog.Granules.Select(g => new CatalogParquetRow
        {
            GranuleId = g.Id,
            S3Url = g.S3Url,
            HttpsUrl = g.HttpsUrl,
            StartTime = g.Start?.UtcDateTime,
            EndTime = g.End?.UtcDateTime,
            Geometry = wkb.Write(Footprint(g)),
            Cells = [.. g.Cells],
        }).ToList();
        var metadata = new Dictionary<string, string>
        {
            ["geo"] = Geo(catalog).ToJsonString(),
            [GranuleCatalogParquet.MetadataKey] = catalog.Metadata.ToJsonString(),
        };
        await ParquetSerializer.SerializeAsync(rows, stream, customMetadata: metadata, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    private static NetTopologySuite.Geometries.Geometry Footprint(CatalogGranule granule)
    {
        var polygons = granule.Footprint
            .Select(ring => Factory.CreatePolygon([.. ring.Select(p => new Coordinate(p.Longitude, p.Latitude))]))
            .ToArray();
        return polygons.Length == 1 ? polygons[0] : Factory.CreateMultiPolygon(polygons);
    }

    private static JsonObject Geo(BuiltCatalog catalog)
    {
        var types = catalog.Granules.Select(g => g.Footprint.Count == 1 ? "Polygon" : "MultiPolygon").Distinct().Order(StringComparer.Ordinal);
        return new JsonObject
        {
            ["version"] = "1.1.0",
            ["primary_column"] = "geometry",
            ["columns"] = new JsonObject
            {
                ["geometry"] = new JsonObject
                {
                    ["encoding"] = "WKB",
                    ["geometry_types"] = new JsonArray([.. types.Select(t => (JsonNode?)JsonValue.Create(t))]),
                    ["edges"] = "spherical",
                    ["orientation"] = "counterclockwise",
                },
            },
        };
    }
}
