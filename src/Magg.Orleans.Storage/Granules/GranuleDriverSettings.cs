namespace Magg.Orleans.Storage.Granules;

/// <summary>Where remote granules are and how their credentials are had (the silo's <c>Magg:Granules</c> section, the function's variables).</summary>
/// <param name="Region">AWS region of the granule buckets (NSIDC: us-west-2).</param>
/// <param name="S3ServiceUrl">An S3-compatible endpoint (null: AWS); path-style addressing goes with it when <paramref name="S3ForcePathStyle"/>.</param>
/// <param name="S3ForcePathStyle">Path-style addressing for <paramref name="S3ServiceUrl"/>.</param>
/// <param name="S3CredentialsEndpoint">The DAAC endpoint that trades an Earthdata token for S3 credentials (null: NSIDC's).</param>
public sealed record GranuleDriverSettings(string Region = "us-west-2", string? S3ServiceUrl = null, bool S3ForcePathStyle = false, string? S3CredentialsEndpoint = null);
