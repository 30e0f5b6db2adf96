namespace Magg.Orleans.Grains.Hosting;

/// <summary>
/// How silos reach remote granules (configuration section <c>Magg:Granules</c>). Secrets are not configured here:
/// the S3 driver takes temporary credentials from <c>MAGG_S3_ACCESS_KEY_ID</c>, <c>MAGG_S3_SECRET_ACCESS_KEY</c> and
/// <c>MAGG_S3_SESSION_TOKEN</c>, else fetches (and renews) NSIDC credentials with the Earthdata token in
/// <c>EARTHDATA_TOKEN</c>, else uses the standard AWS chain; the HTTPS driver sends <c>EARTHDATA_TOKEN</c> as a bearer token.
/// </summary>
public sealed class GranuleDriverOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Magg:Granules";

    /// <summary>AWS region of the granule bucket (NSIDC: us-west-2).</summary>
    public string Region { get; set; } = "us-west-2";

    /// <summary>Endpoint of an S3-compatible granule server (null: AWS).</summary>
    public string? S3ServiceUrl { get; set; }

    /// <summary>Path-style addressing for <see cref="S3ServiceUrl"/>.</summary>
    public bool S3ForcePathStyle { get; set; }

    /// <summary>The DAAC endpoint that trades an Earthdata token for temporary S3 credentials (default: NSIDC's).</summary>
    public string? S3CredentialsEndpoint { get; set; }
}
