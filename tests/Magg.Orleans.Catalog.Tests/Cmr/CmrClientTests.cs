using System.Diagnostics;
using System.Net;
using Magg.Orleans.Catalog.Area;
using Magg.Orleans.Catalog.Cmr;
using Magg.Orleans.TestSupport;
using Magg.Orleans.TestSupport.Cmr;

namespace Magg.Orleans.Catalog.Tests.Cmr;

/// <summary>The CMR client against a CMR look-alike on loopback: paging, retries, errors, the token.</summary>
public sealed class CmrClientTests
{
    private static readonly CmrGranuleSearch Search = new("ATL06", "007", "NSIDC_CPRD", new DateOnly(2024, 1, 6), new DateOnly(2024, 4, 6),
        new BoundingBox(-180, -90, 180, -60), 300);

    private static CmrClientOptions FastRetries(string? token = null) =>
        new() { RetryBaseDelay = TimeSpan.FromMilliseconds(10), RetryMaxDelay = TimeSpan.FromSeconds(5), MaxRetryAttempts = 3, EarthdataToken = token };

    [Fact]
    public async Task Search_SeveralPagesWithA503AndA429_ReturnsEveryGranuleOnceInOrder()
    {
        var items = UmmGranules.Cycle(2_000, seed: 7, -88, -60);
        await using var cmr = await FakeCmrServer.StartAsync(items, cancellationToken: TestContext.Current.CancellationToken);
        cmr.Fail503OncePage = 2;
        cmr.Fail429OncePage = 4;
        using var client = new CmrClient(new Uri(cmr.SearchRoot), FastRetries("secret-token"));
        var watch = Stopwatch.StartNew();

        var pages = await client.SearchAsync(Search, TestContext.Current.CancellationToken).ToListAsync(TestContext.Current.CancellationToken);

        Assert.Equal(7, pages.Count);
        Assert.All(pages, p => Assert.Equal(2_000, p.Hits));
        Assert.Equal(items.Select(UmmGranules.S3Url), pages.SelectMany(p => p.Granules).Select(g => g.S3Url!));
        Assert.True(watch.Elapsed >= TimeSpan.FromSeconds(0.9), $"the 429's Retry-After: 1 was not honoured ({watch.Elapsed})");
        var requests = cmr.Requests;
        Assert.Equal(9, requests.Count);
        Assert.Null(requests[0].SearchAfter);
        Assert.Equal(requests[1].SearchAfter, requests[2].SearchAfter);
        Assert.All(requests, r => Assert.Equal("Bearer secret-token", r.Authorization));
        Assert.All(requests, r => Assert.Equal("application/vnd.nasa.cmr.umm_json+json", r.Accept));
        var query = requests[0].Query;
        Assert.Equal(("NSIDC_CPRD", "ATL06", "007"), (query["provider"], query["short_name"], query["version"]));
        Assert.Equal("2024-01-06T00:00:00Z,2024-04-06T23:59:59Z", query["temporal"]);
        Assert.Equal("-180,-90,180,-60", query["bounding_box"]);
        Assert.Equal(("300", "start_date"), (query["page_size"], query["sort_key"]));
        Assert.DoesNotContain("offset", query.Keys);
    }

    [Fact]
    public async Task Search_Item_TakesTheH5UrlsTheFootprintAndTheTimes()
    {
        var item = UmmGranules.Item("ATL06_20240106002341_02592211_007_01", new DateTimeOffset(2024, 1, 6, 0, 23, 41, TimeSpan.Zero),
            [[(-70, 10), (-70, 11), (-71, 11), (-70, 10)], [(-72, 10), (-72, 11), (-73, 11)]]);
        await using var cmr = await FakeCmrServer.StartAsync([item], cancellationToken: TestContext.Current.CancellationToken);
        using var client = new CmrClient(new Uri(cmr.SearchRoot), FastRetries());

        var granule = Assert.Single((await client.SearchAsync(Search, TestContext.Current.CancellationToken).ToListAsync(TestContext.Current.CancellationToken)).SelectMany(p => p.Granules));

        Assert.Equal("ATL06_20240106002341_02592211_007_01.h5", granule.Id);
        Assert.Equal("s3://nsidc-cumulus-prod-protected/ATLAS/ATL06/007/2024/01/06/ATL06_20240106002341_02592211_007_01.h5", granule.S3Url);
        Assert.Equal("https://data.nsidc.earthdatacloud.nasa.gov/nsidc-cumulus-prod-protected/ATLAS/ATL06/007/2024/01/06/ATL06_20240106002341_02592211_007_01.h5", granule.HttpsUrl);
        Assert.Equal(new DateTimeOffset(2024, 1, 6, 0, 23, 41, TimeSpan.Zero), granule.Start);
        Assert.Equal([4, 3], granule.Footprints.Select(f => f.Count));
        Assert.Equal((-70.0, 10.0), granule.Footprints[0][0]);
        Assert.Null(cmr.Requests[0].Authorization);
    }

    [Fact]
    public async Task Search_CmrRejects_NamesTheStatusAndCmrsMessage()
    {
        await using var cmr = await FakeCmrServer.StartAsync([], cancellationToken: TestContext.Current.CancellationToken);
        cmr.RejectWith = "Parameter [bounding_box] is invalid.";
        using var client = new CmrClient(new Uri(cmr.SearchRoot), FastRetries());

        var error = await Assert.ThrowsAsync<CatalogSearchException>(() => client.SearchAsync(Search, TestContext.Current.CancellationToken).ToListAsync(TestContext.Current.CancellationToken).AsTask());

        Assert.Contains("HTTP 400", error.Message, StringComparison.Ordinal);
        Assert.Contains("Parameter [bounding_box] is invalid.", error.Message, StringComparison.Ordinal);
        Assert.Single(cmr.Requests);
    }

    [Fact]
    public async Task Search_AlwaysUnavailable_GivesUpAfterTheRetriesNamingUrlAndLastError()
    {
        await using var cmr = await FakeCmrServer.StartAsync([], cancellationToken: TestContext.Current.CancellationToken);
        cmr.AlwaysUnavailable = true;
        using var client = new CmrClient(new Uri(cmr.SearchRoot), FastRetries("secret-token"));

        var error = await Assert.ThrowsAsync<CatalogSearchException>(() => client.SearchAsync(Search, TestContext.Current.CancellationToken).ToListAsync(TestContext.Current.CancellationToken).AsTask());

        Assert.Contains(cmr.SearchRoot + "/granules.umm_json", error.Message, StringComparison.Ordinal);
        Assert.Contains("after 4 attempts", error.Message, StringComparison.Ordinal);
        Assert.Contains("HTTP 503", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-token", error.ToString(), StringComparison.Ordinal);
        Assert.Equal(4, cmr.Requests.Count);
    }

    [Fact]
    public async Task Search_NothingListening_GivesUpNamingUrlAndTheConnectionError()
    {
        var root = $"http://127.0.0.1:{FreePort.Next()}/search";
        using var client = new CmrClient(new Uri(root), FastRetries());

        var error = await Assert.ThrowsAsync<CatalogSearchException>(() => client.SearchAsync(Search, TestContext.Current.CancellationToken).ToListAsync(TestContext.Current.CancellationToken).AsTask());

        Assert.Contains(root + "/granules.umm_json", error.Message, StringComparison.Ordinal);
        Assert.Contains("HttpRequestException", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Search_PlainHttpToAnotherHost_NeverSendsTheToken()
    {
        using var handler = new RecordingHandler();
        using var http = new HttpClient(handler);
        using var client = new CmrClient(new Uri("http://cmr.example.invalid/search"), FastRetries("secret-token"), http);

        await Assert.ThrowsAsync<CatalogSearchException>(() => client.SearchAsync(Search, TestContext.Current.CancellationToken).ToListAsync(TestContext.Current.CancellationToken).AsTask());

        Assert.NotEmpty(handler.Authorizations);
        Assert.All(handler.Authorizations, Assert.Null);
    }

    [Fact]
    public async Task Search_CmrRedirectsToAnotherHost_IsNotFollowed_AndTheTokenNeverLeavesTheCmrHost()
    {
        // Arrange: the CMR host (sent the token) answers every search with a redirect to another loopback host.
        var ct = TestContext.Current.CancellationToken;
        using var folder = new TemporaryFolder();
        await using var other = await RecordingServer.StartAsync(IPAddress.Parse("127.0.0.2"), FreePort.Next(), folder.Path, certificate: null, ct);
        await using var cmr = await FakeCmrServer.StartAsync([], cancellationToken: ct);
        cmr.RedirectTo = $"{other.BaseUrl}/search/granules.umm_json";
        using var client = new CmrClient(new Uri(cmr.SearchRoot), FastRetries("secret-token"));

        // Act
        var error = await Assert.ThrowsAsync<CatalogSearchException>(() => client.SearchAsync(Search, ct).ToListAsync(ct).AsTask());

        // Assert: the search fails on the redirect itself; the other host saw nothing, and the token is in no message.
        Assert.Contains("HTTP 302", error.Message, StringComparison.Ordinal);
        Assert.Equal("Bearer secret-token", Assert.Single(cmr.Requests).Authorization);
        Assert.Empty(other.Requests);
        Assert.DoesNotContain("secret-token", error.ToString(), StringComparison.Ordinal);
    }

    private sealed class RecordingHandler : HttpMessageHandler
    {
        public List<string?> Authorizations { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Authorizations.Add(request.Headers.Authorization?.ToString());
            return Task.FromResult(new HttpResponseMessage(System.Net.HttpStatusCode.Forbidden) { Content = new StringContent("{\"errors\":[\"no\"]}") });
        }
    }
}
