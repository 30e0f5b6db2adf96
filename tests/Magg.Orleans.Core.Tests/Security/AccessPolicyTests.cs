using Magg.Orleans.Core.Security;
using Magg.Orleans.TestSupport;

namespace Magg.Orleans.Core.Tests.Security;

/// <summary>
/// The access policy's decisions from the address alone (no connection is made): allowlist prefixes with and without
/// trailing slashes, case, dot segments (plain and escaped), schemes, credentials in addresses, literal IPs, local
/// folders through their links, stores, and the hosts the Earthdata token may go to.
/// </summary>
public sealed class AccessPolicyTests : IDisposable
{
    private const string NotAllowedS3 = "(allowed: s3://nsidc-cumulus-prod-protected/, s3://nsidc-cumulus-prod-public/, s3://My-Bucket/atl06; add one with --allow-granules)";
    private const string NotAllowedHttps = "(allowed: https://data.nsidc.earthdatacloud.nasa.gov/, https://Data.Example.org/granules/; add one with --allow-granules)";
    private readonly TemporaryFolder _root = new();

    private static AccessPolicy Remote { get; } = new(new AccessOptions { AllowGranules = ["s3://My-Bucket/atl06", "https://Data.Example.org/granules/"] });

    public static TheoryData<string, string?> RemoteGranules => new()
    {
        { "s3://nsidc-cumulus-prod-protected/ATLAS/ATL06/006/x.h5", null },
        { "s3://NSIDC-Cumulus-Prod-Protected/ATLAS/x.h5", null },
        { "s3://my-bucket/atl06/x.h5", null },
        { "s3://my-bucket/atl06/sub/x.h5", null },
        { "s3://my-bucket/atl06", $"bucket my-bucket (or this key prefix) is not an allowed granule source {NotAllowedS3}" },
        { "s3://my-bucket/atl06x/x.h5", $"bucket my-bucket (or this key prefix) is not an allowed granule source {NotAllowedS3}" },
        { "s3://my-bucket/ATL06/x.h5", $"bucket my-bucket (or this key prefix) is not an allowed granule source {NotAllowedS3}" },
        { "s3://my-bucket/atl06/../secret/x.h5", "the key has a '.' or '..' segment" },
        { "s3://my-bucket/atl06/./x.h5", "the key has a '.' or '..' segment" },
        { "s3://my-bucket/atl06/%2e%2e/secret/x.h5", $"bucket my-bucket (or this key prefix) is not an allowed granule source {NotAllowedS3}" },
        { "s3://my-bucket/atl06%2F..%2Fsecret/x.h5", "the key has a '.' or '..' segment" },
        { "s3://other-bucket/atl06/x.h5", $"bucket other-bucket (or this key prefix) is not an allowed granule source {NotAllowedS3}" },
        { "https://data.nsidc.earthdatacloud.nasa.gov/ATLAS/x.h5", null },
        { "https://data.example.org/granules/x.h5", null },
        { "https://DATA.EXAMPLE.ORG./granules/x.h5", null },
        { "https://data.example.org/granules", $"host data.example.org (or this path) is not an allowed granule source {NotAllowedHttps}" },
        { "https://data.example.org/granules-old/x.h5", $"host data.example.org (or this path) is not an allowed granule source {NotAllowedHttps}" },
        { "https://data.example.org/Granules/x.h5", $"host data.example.org (or this path) is not an allowed granule source {NotAllowedHttps}" },
        { "https://data.example.org/granules/../private/x.h5", $"host data.example.org (or this path) is not an allowed granule source {NotAllowedHttps}" },
        { "https://data.example.org/granules/%2e%2e/private/x.h5", $"host data.example.org (or this path) is not an allowed granule source {NotAllowedHttps}" },
        { "https://data.example.org/granules/%2E%2E%2Fprivate/x.h5", "the path has an escaped '.' or '..' segment" },
        { "https://data.example.org:8443/granules/x.h5", $"host data.example.org (or this path) is not an allowed granule source {NotAllowedHttps}" },
        { "https://data.example.org.evil.test/granules/x.h5", $"host data.example.org.evil.test (or this path) is not an allowed granule source {NotAllowedHttps}" },
        { "http://data.example.org/granules/x.h5", "plain http is refused (the token and the data would travel in clear); use https" },
        { "https://user:secret@data.example.org/granules/x.h5", "the address carries user info (credentials); catalog entries must not" },
        { "https://data.example.org/granules/x.h5?X-Amz-Signature=abc", "the address carries a query string (a pre-signed URL?); catalog entries must not carry credentials" },
        { "ftp://data.example.org/granules/x.h5", "'ftp' addresses are not granule sources (use s3://, https:// or a local path)" },
        { "https://169.254.169.254/latest/meta-data/", "169.254.169.254 is a link-local address" },
        { "https://[::ffff:169.254.169.254]/x.h5", "::ffff:169.254.169.254 is a link-local address" },
        { "https://[fd00::1]/x.h5", "fd00::1 is a unique-local address" },
        { "https://10.1.2.3/x.h5", "10.1.2.3 is a private address" },
        { "https://127.0.0.1/x.h5", "127.0.0.1 is a loopback address" },
        { "https://8.8.8.8/x.h5", $"host 8.8.8.8 (or this path) is not an allowed granule source {NotAllowedHttps}" },
    };

    [Theory]
    [MemberData(nameof(RemoteGranules))]
    public void CheckRemoteGranule_Address_IsAllowedOrRefusedWithItsReason(string address, string? refusal) =>
        Assert.Equal(refusal, Remote.CheckRemoteGranule(new Uri(address)));

    [Theory]
    [InlineData("https://127.0.0.2:4443/files/x.h5", null)]
    [InlineData("http://127.0.0.2:8080/files/x.h5", null)]
    [InlineData("http://[::1]:8080/files/x.h5", null)]
    [InlineData("http://localhost:8080/files/x.h5", "plain http is refused (the token and the data would travel in clear); use https")]
    [InlineData("https://10.0.0.1/files/x.h5", "10.0.0.1 is a private address")]
    public void CheckRemoteGranule_LoopbackForTests_LetsOnlyLiteralLoopbackThrough(string address, string? refusal)
    {
        var policy = new AccessPolicy(new AccessOptions { AllowLoopbackForTests = true });

        Assert.Equal(refusal, policy.CheckRemoteGranule(new Uri(address)));
    }

    [Fact]
    public void CheckRemoteGranule_WithoutNsidcDefaults_RefusesNsidc()
    {
        var policy = new AccessPolicy(new AccessOptions { NsidcDefaults = false });

        Assert.Equal("bucket nsidc-cumulus-prod-protected (or this key prefix) is not an allowed granule source (none are allowed on this silo; add one with --allow-granules)",
            policy.CheckRemoteGranule(new Uri("s3://nsidc-cumulus-prod-protected/x.h5")));
    }

    [Theory]
    [InlineData("allowed/x.h5", true)]
    [InlineData("allowed/deep/er/x.h5", true)]
    [InlineData("allowed/../outside/x.h5", false)]
    [InlineData("allowed-sibling/x.h5", false)]
    [InlineData("Allowed/x.h5", false)]
    [InlineData("outside/x.h5", false)]
    [InlineData("allowed/link-out/x.h5", false)]
    [InlineData("outside/link-in/x.h5", true)]
    public void CheckLocalGranule_Path_IsAllowedOnlyInsideTheFolderAfterResolvingLinks(string relative, bool allowed)
    {
        var (policy, _) = LocalPolicy(trailingSlash: false);
        var (slashed, _) = LocalPolicy(trailingSlash: true);
        var path = Path.Combine(_root.Path, relative);

        var refusal = policy.CheckLocalGranule(path, out var resolved);

        Assert.Equal(allowed, refusal is null);
        Assert.Equal(allowed, slashed.CheckLocalGranule(path, out _) is null);
        Assert.StartsWith(Path.Combine(_root.Path, allowed ? "allowed" : ""), resolved, StringComparison.Ordinal);
        if (!allowed)
        {
            Assert.Equal($"the file is outside the allowed granule folders (allowed: {Path.Combine(_root.Path, "allowed")}; add one with --allow-granules)", refusal);
        }
    }

    [Fact]
    public void CheckLocalGranule_RelativePath_IsRefused() =>
        Assert.Equal("not an absolute path", LocalPolicy(false).Policy.CheckLocalGranule("allowed/x.h5", out _));

    public static TheoryData<string, string?> S3Stores => new()
    {
        { "s3://out/stores/a.zarr", null },
        { "s3://out/stores/a.zarr/", null },
        { "s3://OUT/stores/a.zarr", null },
        { "s3://out/stores", null },
        { "s3://out/Stores/a.zarr", "the store is not under an allowed store prefix (allowed: s3://out/stores; add one with --allow-stores)" },
        { "s3://out/storesx/a.zarr", "the store is not under an allowed store prefix (allowed: s3://out/stores; add one with --allow-stores)" },
        { "s3://out", "the store is not under an allowed store prefix (allowed: s3://out/stores; add one with --allow-stores)" },
        { "s3://other/stores/a.zarr", "the store is not under an allowed store prefix (allowed: s3://out/stores; add one with --allow-stores)" },
        { "s3://out/stores/../a.zarr", "not an s3://bucket/prefix store without '.', '..' or empty segments" },
        { "s3://out/stores/./a.zarr", "not an s3://bucket/prefix store without '.', '..' or empty segments" },
        { "s3://out/stores//a.zarr", "not an s3://bucket/prefix store without '.', '..' or empty segments" },
        { "s3:///stores/a.zarr", "not an s3://bucket/prefix store without '.', '..' or empty segments" },
        { "https://out/stores/a.zarr", "not a local folder or s3:// store" },
        { "file:///tmp/a.zarr", "not a local folder or s3:// store" },
        { "/tmp/a.zarr", "local folder stores are written only by the embedded silo of submit and demo; a cluster needs an s3:// store" },
    };

    [Theory]
    [MemberData(nameof(S3Stores))]
    public void CheckStore_ClusterSilo_AllowsOnlyS3PrefixesOnItsList(string location, string? refusal)
    {
        var policy = new AccessPolicy(new AccessOptions { AllowStores = ["s3://out/stores"] });

        Assert.Equal(refusal, policy.CheckStore(location, serviceUrl: null));
    }

    [Fact]
    public void CheckStore_ClientChosenEndpoint_IsRefusedOnAClusterAndAllowedOnTheEmbeddedSilo()
    {
        var cluster = new AccessPolicy(new AccessOptions { AllowStores = ["s3://out/"] });
        var embedded = new AccessPolicy(new AccessOptions { AllowStores = ["s3://out/"], ClientStoreEndpoints = true });

        Assert.Equal("a run may not choose its store's S3 endpoint (--store-endpoint): a cluster's endpoint is silo configuration (AWS_ENDPOINT_URL_S3 or AWS_ENDPOINT_URL)",
            cluster.CheckStore("s3://out/a.zarr", "http://127.0.0.2:9000"));
        Assert.Null(embedded.CheckStore("s3://out/a.zarr", "http://127.0.0.2:9000"));
    }

    [Theory]
    [InlineData("stores", null)]
    [InlineData("stores/a.zarr", null)]
    [InlineData("stores/deep/a.zarr", null)]
    [InlineData("stores-sibling/a.zarr", "the folder is outside the allowed store folders (allowed: {root}/stores/)")]
    [InlineData("elsewhere/a.zarr", "the folder is outside the allowed store folders (allowed: {root}/stores/)")]
    [InlineData("stores/../elsewhere/a.zarr", "not an absolute folder without '.' or '..' segments")]
    [InlineData("stores/link-out/a.zarr", "the folder is outside the allowed store folders (allowed: {root}/stores/)")]
    public void CheckStore_LocalFolder_OnlyUnderAnAllowedFolderOfTheEmbeddedSilo(string relative, string? refusal)
    {
        Directory.CreateDirectory(Path.Combine(_root.Path, "stores"));
        Directory.CreateDirectory(Path.Combine(_root.Path, "elsewhere"));
        Directory.CreateSymbolicLink(Path.Combine(_root.Path, "stores", "link-out"), Path.Combine(_root.Path, "elsewhere"));
        var policy = new AccessPolicy(new AccessOptions { LocalStores = true, AllowStores = [Path.Combine(_root.Path, "stores") + "/"] });

        Assert.Equal(refusal?.Replace("{root}", _root.Path, StringComparison.Ordinal), policy.CheckStore(Path.Combine(_root.Path, relative), null));
        Assert.Equal("not an absolute folder without '.' or '..' segments", policy.CheckStore("stores/a.zarr", null));
    }

    [Fact]
    public void Constructor_LocalStoreFolderOnAClusterSilo_IsRefusedNamingIt()
    {
        var error = Assert.Throws<FormatException>(() => new AccessPolicy(new AccessOptions { AllowStores = ["/data/stores"] }));

        Assert.Equal("'/data/stores' is a local folder: only the embedded silo writes local stores; a cluster writes its stores to s3://", error.Message);
    }

    [Theory]
    [InlineData("s3://Bucket/Prefix", "s3", "bucket", 0, "/Prefix/")]
    [InlineData("s3://bucket", "s3", "bucket", 0, "/")]
    [InlineData("s3://bucket/", "s3", "bucket", 0, "/")]
    [InlineData("https://Host.Example./data", "https", "host.example", 443, "/data/")]
    [InlineData("https://host.example:8443/", "https", "host.example", 8443, "/")]
    [InlineData("  s3://bucket/p/  ", "s3", "bucket", 0, "/p/")]
    public void AllowedPrefix_Parse_NormalisesCaseAndSlashes(string entry, string scheme, string host, int port, string path)
    {
        var prefix = AllowedPrefix.Parse(entry);

        Assert.Equal((scheme, host, port, path, entry.Trim()), (prefix.Scheme, prefix.Host, prefix.Port, prefix.Path, prefix.Text));
    }

    [Theory]
    [InlineData("http://host.example/", "'http://host.example/' is not https://host/ or https://host/prefix/ (plain http and other schemes are not allowed)")]
    [InlineData("ftp://host.example/", "'ftp://host.example/' is not https://host/ or https://host/prefix/ (plain http and other schemes are not allowed)")]
    [InlineData("https://u:p@host.example/", "'https://u:p@host.example/' is not https://host/ or https://host/prefix/ (plain http and other schemes are not allowed)")]
    [InlineData("s3:///prefix", "'s3:///prefix' is not s3://bucket/ or s3://bucket/prefix/")]
    [InlineData("s3://bucket/a/../b", "'s3://bucket/a/../b' is not s3://bucket/ or s3://bucket/prefix/")]
    [InlineData("relative/folder", "'relative/folder' is not s3://bucket/, https://host/ or an absolute local folder without '..'")]
    [InlineData("/data/../etc", "'/data/../etc' is not s3://bucket/, https://host/ or an absolute local folder without '..'")]
    public void AllowedPrefix_Parse_MalformedEntry_IsRefusedNamingIt(string entry, string message) =>
        Assert.Equal(message, Assert.Throws<FormatException>(() => AllowedPrefix.Parse(entry)).Message);

    [Theory]
    [InlineData("https://urs.earthdata.nasa.gov/oauth", true)]
    [InlineData("https://cmr.earthdata.nasa.gov/search", true)]
    [InlineData("https://data.nsidc.earthdatacloud.nasa.gov/x.h5", true)]
    [InlineData("https://URS.EARTHDATA.NASA.GOV./x", true)]
    [InlineData("https://earthdata.nasa.gov/", true)]
    [InlineData("https://cmr.example.org/search", true)]
    [InlineData("http://urs.earthdata.nasa.gov/x", false)]
    [InlineData("http://cmr.example.org/search", false)]
    [InlineData("https://user@urs.earthdata.nasa.gov/x", false)]
    [InlineData("https://evil-earthdata.nasa.gov/x", false)]
    [InlineData("https://urs.earthdata.nasa.gov.evil.test/x", false)]
    [InlineData("https://nasa.gov/x", false)]
    [InlineData("https://cmr.example.org.evil.test/x", false)]
    [InlineData("https://127.0.0.1/x", false)]
    public void MaySendToken_OnlyHttpsToEarthdataOrConfiguredHosts(string url, bool expected)
    {
        var policy = new AccessPolicy(new AccessOptions { EarthdataHosts = ["CMR.Example.org."] });

        Assert.Equal(expected, policy.MaySendToken(new Uri(url)));
    }

    [Fact]
    public void Grant_AddsSourcesAndStoresOnce()
    {
        var policy = new AccessPolicy(new AccessOptions { NsidcDefaults = false, LocalStores = true });

        policy.Grant(["s3://granted/", "s3://granted/"], [Path.Combine(_root.Path, "out.zarr")]);

        Assert.Null(policy.CheckRemoteGranule(new Uri("s3://granted/x.h5")));
        Assert.Single(policy.GranuleSources);
        Assert.Null(policy.CheckStore(Path.Combine(_root.Path, "out.zarr"), null));
        Assert.NotNull(policy.CheckStore(Path.Combine(_root.Path, "other.zarr"), null));
    }

    public void Dispose() => _root.Dispose();

    private (AccessPolicy Policy, string Allowed) LocalPolicy(bool trailingSlash)
    {
        var allowed = Path.Combine(_root.Path, "allowed");
        var outside = Path.Combine(_root.Path, "outside");
        if (!Directory.Exists(allowed))
        {
            Directory.CreateDirectory(Path.Combine(allowed, "deep", "er"));
            Directory.CreateDirectory(outside);
            Directory.CreateDirectory(Path.Combine(_root.Path, "allowed-sibling"));
            Directory.CreateSymbolicLink(Path.Combine(allowed, "link-out"), outside);
            Directory.CreateSymbolicLink(Path.Combine(outside, "link-in"), allowed);
        }

        var entry = trailingSlash ? allowed + "/" : allowed;
        return (new AccessPolicy(new AccessOptions { NsidcDefaults = false, AllowGranules = [entry] }), allowed);
    }
}
