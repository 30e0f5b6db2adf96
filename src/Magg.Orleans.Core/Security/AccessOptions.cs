namespace Magg.Orleans.Core.Security;

/// <summary>
/// What a silo may touch on a client's behalf (configuration section <c>Magg:Access</c>; the silo's
/// <c>--allow-granules</c>, <c>--allow-stores</c> and <c>--allow-loopback-for-tests</c> flags set it). Clients send
/// catalogs and store names; these settings, which only the operator sets, decide what of it is read or written.
/// </summary>
public sealed class AccessOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Magg:Access";

    /// <summary>
    /// Granule sources the operator adds: <c>s3://bucket/</c> or <c>s3://bucket/prefix/</c>, <c>https://host/</c> or
    /// <c>https://host/prefix/</c>, or an absolute local folder. NASA's NSIDC Earthdata Cloud hosts and buckets are
    /// allowed besides (<see cref="NsidcGranuleSources"/>) unless <see cref="NsidcDefaults"/> is false.
    /// </summary>
    public List<string> AllowGranules { get; set; } = [];

    /// <summary>Stores runs may write: <c>s3://bucket/</c> or <c>s3://bucket/prefix/</c>, or (embedded silo only) an absolute local folder.</summary>
    public List<string> AllowStores { get; set; } = [];

    /// <summary>Whether NSIDC's Earthdata Cloud hosts and buckets are allowed without being listed (default true).</summary>
    public bool NsidcDefaults { get; set; } = true;

    /// <summary>
    /// Whether stores may be local folders (under <see cref="AllowStores"/>). Only the embedded silo of a laptop or
    /// notebook sets it: on a cluster, chunks written to task disks would be scattered and lost.
    /// </summary>
    public bool LocalStores { get; set; }

    /// <summary>
    /// Whether a run may name its store's S3 endpoint. Only the embedded silo sets it (its client is its operator); a
    /// cluster's store endpoint is silo configuration (<c>AWS_ENDPOINT_URL_S3</c> / <c>AWS_ENDPOINT_URL</c>).
    /// </summary>
    public bool ClientStoreEndpoints { get; set; }

    /// <summary>
    /// Hosts besides <c>*.earthdata.nasa.gov</c> and <c>*.earthdatacloud.nasa.gov</c> that may receive the Earthdata token
    /// (over https only), e.g. a CMR host of another deployment.
    /// </summary>
    public List<string> EarthdataHosts { get; set; } = [];

    /// <summary>
    /// For tests only, never in production: granule URLs whose host is a loopback address written literally
    /// (<c>127.0.0.2</c>, <c>[::1]</c>) are let through, over http as well as https. Names that resolve to loopback are
    /// still refused, and so is every other private or link-local address.
    /// </summary>
    public bool AllowLoopbackForTests { get; set; }

    /// <summary>NSIDC's Earthdata Cloud granule sources (ATL06 and the other ICESat-2 products).</summary>
    public static IReadOnlyList<string> NsidcGranuleSources { get; } =
    [
        "https://data.nsidc.earthdatacloud.nasa.gov/",
        "s3://nsidc-cumulus-prod-protected/",
        "s3://nsidc-cumulus-prod-public/",
    ];
}
