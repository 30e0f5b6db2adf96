namespace Magg.Orleans.Catalog.Cmr;

/// <summary>What the catalog needs from one UMM-G granule record.</summary>
/// <param name="Id"><c>umm.GranuleUR</c>.</param>
/// <param name="S3Url">The <c>s3://...h5</c> URL (RelatedUrls Type "GET DATA VIA DIRECT ACCESS"), if any.</param>
/// <param name="HttpsUrl">The <c>https://...h5</c> URL (Type "GET DATA"), if any.</param>
/// <param name="Start">Beginning of the temporal extent.</param>
/// <param name="End">End of the temporal extent.</param>
/// <param name="Footprints">Every polygon of <c>SpatialExtent.HorizontalSpatialDomain.Geometry.GPolygons</c> as (latitude, longitude) points, as published.</param>
public sealed record CmrGranule(
    string Id,
    string? S3Url,
    string? HttpsUrl,
    DateTimeOffset? Start,
    DateTimeOffset? End,
    IReadOnlyList<IReadOnlyList<(double Latitude, double Longitude)>> Footprints);
