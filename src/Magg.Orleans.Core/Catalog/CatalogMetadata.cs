using System.Text.Json.Nodes;

namespace Magg.Orleans.Core.Catalog;

/// <summary>The <c>metadata</c> object of a magg catalog. <see cref="Raw"/> keeps every key, known or not.</summary>
/// <param name="ParentOrder">HEALPix order of the catalog keys.</param>
/// <param name="ShortName">Product short name, e.g. ATL06.</param>
/// <param name="Version">Product version, e.g. 006.</param>
/// <param name="S3Base">Prefix of the granule URLs in S3 (e.g. <c>s3://nsidc-cumulus-prod-protected/ATLAS</c>).</param>
/// <param name="HttpsBase">What <see cref="S3Base"/> becomes for the https driver.</param>
/// <param name="Raw">The whole metadata object as read.</param>
public sealed record CatalogMetadata(int ParentOrder, string? ShortName, string? Version, string? S3Base, string? HttpsBase, JsonObject Raw);
