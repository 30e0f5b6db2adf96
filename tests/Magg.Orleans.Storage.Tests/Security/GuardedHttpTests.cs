using System.Net;
using Magg.Orleans.Core.Granules;
using Magg.Orleans.Core.Security;
using Magg.Orleans.Storage.Granules;
using Magg.Orleans.Storage.Security;
using Magg.Orleans.TestSupport;

namespace Magg.Orleans.Storage.Tests.Security;

/// <summary>
/// The guarded HTTP client against recording https servers on two loopback addresses (127.0.0.1 plays an Earthdata host,
/// 127.0.0.2 another host): the token goes only where it may, never after a redirect to another host, redirects are
/// judged hop by hop, and names are resolved and refused when they point at private addresses. No request ever leaves
/// 127.0.0.0/8: addresses outside it are refused before any connection.
/// </summary>
public sealed class GuardedHttpTests : IAsyncLifetime
{
    private const string Token = "planted-earthdata-token-7f3a9c";
    private static readonly IPAddress Second = IPAddress.Parse("127.0.0.2");
    private readonly TestCertificates _certificates = TestCertificates.Create();
    private RecordingServer _earthdata = null!;
    private RecordingServer _other = null!;

    private static string Granule { get; } = Directory.GetFiles(Path.Combine(TestData.Fixture("small"), "granules"), "*.h5").Order(StringComparer.Ordinal).First();

    private static string GranuleName => Path.GetFileName(Granule);

    public async ValueTask InitializeAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        var folder = Path.GetDirectoryName(Granule)!;
        _earthdata = await RecordingServer.StartAsync(IPAddress.Loopback, FreePort.Next(), folder, _certificates.Server(), ct);
        _other = await RecordingServer.StartAsync(Second, FreePort.Next(), folder, _certificates.Server(), ct);
    }

    public async ValueTask DisposeAsync()
    {
        await _earthdata.DisposeAsync();
        await _other.DisposeAsync();
        _certificates.Dispose();
    }

    [Fact]
    public async Task Open_EarthdataHost_SendsTheTokenAndReadsTheGranule()
    {
        using var source = Source();

        var bytes = await ReadAllAsync(source, new Uri($"{_earthdata.BaseUrl}/files/{GranuleName}"));

        Assert.Equal(await File.ReadAllBytesAsync(Granule, TestContext.Current.CancellationToken), bytes);
        Assert.NotEmpty(_earthdata.Requests);
        Assert.All(_earthdata.Requests, r => Assert.Equal($"Bearer {Token}", r.Authorization));
    }

    [Fact]
    public async Task Open_RedirectToAnotherHost_FollowsItWithoutTheToken()
    {
        using var source = Source();
        var target = $"{_other.BaseUrl}/files/{GranuleName}";

        var bytes = await ReadAllAsync(source, new Uri(_earthdata.RedirectUrl(target)));

        Assert.Equal(await File.ReadAllBytesAsync(Granule, TestContext.Current.CancellationToken), bytes);
        Assert.All(_earthdata.Requests, r => Assert.Equal($"Bearer {Token}", r.Authorization));
        Assert.NotEmpty(_other.Requests);
        Assert.All(_other.Requests, r => Assert.Null(r.Authorization));
        Assert.DoesNotContain(_other.Requests, r => r.Headers.Values.Any(v => v.Contains(Token, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Open_RedirectWithinTheSameHost_KeepsTheToken()
    {
        using var source = Source();

        await ReadAllAsync(source, new Uri(_earthdata.RedirectUrl($"/files/{GranuleName}")));

        Assert.Contains(_earthdata.Requests, r => r.Path == $"/files/{GranuleName}");
        Assert.All(_earthdata.Requests, r => Assert.Equal($"Bearer {Token}", r.Authorization));
    }

    [Fact]
    public async Task Open_HostNotOnTheEarthdataList_GetsNoToken()
    {
        using var source = Source();

        await ReadAllAsync(source, new Uri($"{_other.BaseUrl}/files/{GranuleName}"));

        Assert.NotEmpty(_other.Requests);
        Assert.All(_other.Requests, r => Assert.Null(r.Authorization));
    }

    [Theory]
    [InlineData("http://data.nsidc.earthdatacloud.nasa.gov/x.h5", "it redirects to http://data.nsidc.earthdatacloud.nasa.gov/x.h5: 'http' is refused; redirects are followed over https only")]
    [InlineData("https://169.254.169.254/latest/meta-data/", "it redirects to https://169.254.169.254/latest/meta-data/: 169.254.169.254 is a link-local address")]
    [InlineData("https://10.1.2.3/x.h5", "it redirects to https://10.1.2.3/x.h5: 10.1.2.3 is a private address")]
    [InlineData("ftp://127.0.0.2/x.h5", "it redirects to ftp://127.0.0.2/x.h5: 'ftp' is refused; redirects are followed over https only")]
    public async Task Open_RedirectToAForbiddenPlace_IsRefusedWithoutFollowing(string target, string reason)
    {
        using var source = Source();
        var first = new Uri(_earthdata.RedirectUrl(target));

        var error = await Assert.ThrowsAsync<GranuleAccessException>(() => ReadAllAsync(source, first));

        Assert.Equal(GranuleErrorKind.Refused, error.Kind);
        Assert.Equal($"{GranuleNames.Display(first)}: refused by the silo's access policy: {reason}", error.Message);
        Assert.Empty(_other.Requests);
    }

    [Fact]
    public async Task Open_NameThatResolvesToLoopback_IsRefusedBeforeConnecting()
    {
        // Even allowlisted by name (as an operator might), the name is resolved and its loopback address refused.
        var port = new Uri(_earthdata.BaseUrl).Port;
        using var source = Source($"https://localhost:{port}/");
        var address = new Uri($"https://localhost:{port}/files/{GranuleName}");

        var error = await Assert.ThrowsAsync<GranuleAccessException>(() => ReadAllAsync(source, address));

        Assert.Equal(GranuleErrorKind.Refused, error.Kind);
        Assert.Matches(@"^https://localhost:\d+/files/.+: refused by the silo's access policy: host localhost resolves to (127\.0\.0\.1|::1), a loopback address$", error.Message);
        Assert.Empty(_earthdata.Requests);
    }

    [Fact]
    public async Task Open_NameReboundToLoopbackAfterTheCheck_IsRefusedAtConnect()
    {
        // The first answer (a public address, checked by nobody here) would pass; the connection resolves again and
        // sees loopback, which it refuses before connecting: a rebinding DNS server gains nothing.
        var answers = 0;
        Task<IPAddress[]> Resolve(string host, CancellationToken _) =>
            Task.FromResult(Interlocked.Increment(ref answers) == 1 ? new[] { IPAddress.Parse("93.184.216.34") } : [IPAddress.Loopback]);
        var port = new Uri(_earthdata.BaseUrl).Port;
        var policy = Policy(loopbackForTests: false, $"https://granules.example.test:{port}/");
        using var client = GuardedHttp.CreateClient(policy, () => Token, TimeSpan.FromSeconds(30), _certificates.Validate, Resolve);
        var address = new Uri($"https://granules.example.test:{port}/files/{GranuleName}");

        var checkedAddress = await new PolicyGranuleSource(new HttpsGranuleSource(_ => ValueTask.FromResult(""), httpClient: client), policy, Resolve)
            .CheckAsync(address, TestContext.Current.CancellationToken);
        var error = await Assert.ThrowsAsync<GranuleAccessException>(() => client.GetAsync(checkedAddress, TestContext.Current.CancellationToken));

        Assert.Equal(GranuleErrorKind.Refused, error.Kind);
        Assert.EndsWith("refused by the silo's access policy: host granules.example.test resolves to 127.0.0.1, a loopback address", error.Message, StringComparison.Ordinal);
        Assert.Empty(_earthdata.Requests);
    }

    private static AccessPolicy Policy(bool loopbackForTests, params string[] granules) => new(new AccessOptions
    {
        AllowLoopbackForTests = loopbackForTests,
        EarthdataHosts = ["127.0.0.1"],
        AllowGranules = [.. granules],
    });

    private PolicyGranuleSource Source(params string[] granules)
    {
        var policy = Policy(loopbackForTests: true, granules);
        var client = GuardedHttp.CreateClient(policy, () => Token, TimeSpan.FromSeconds(30), _certificates.Validate);
        return new PolicyGranuleSource(new HttpsGranuleSource(_ => ValueTask.FromResult(""), httpClient: client), policy);
    }

    /// <summary>Opens the granule (asynchronous requests) and reads it to the end (synchronous range requests, as PureHDF does).</summary>
    private static async Task<byte[]> ReadAllAsync(PolicyGranuleSource source, Uri address)
    {
        var stream = await source.OpenAsync(address, TestContext.Current.CancellationToken);
        await using (stream)
        {
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            return copy.ToArray();
        }
    }
}
