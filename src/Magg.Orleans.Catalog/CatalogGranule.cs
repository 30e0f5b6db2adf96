namespace Magg.Orleans.Catalog;

/// <summary>A granule listed in a catalog.</summary>
/// <param name="Id">CMR's GranuleUR.</param>
/// <param name="S3Url">The catalog entry.</param>
/// <param name="HttpsUrl">The https URL, if CMR has one.</param>
/// <param name="Start">Start of its time span.</param>
/// <param name="End">End of its time span.</param>
/// <param name="Footprint">Its footprint polygons as closed (latitude, longitude) rings, counterclockwise.</param>
/// <param name="Cells">Catalog cells (decimal mortons, ascending) listing it.</param>
public sealed record CatalogGranule(
    string Id,
    string S3Url,
    string? HttpsUrl,
    DateTimeOffset? Start,
    DateTimeOffset? End,
    IReadOnlyList<IReadOnlyList<(double Latitude, double Longitude)>> Footprint,
    IReadOnlyList<long> Cells);
