using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Magg.Orleans.TestSupport.Cmr;

/// <summary>
/// A CMR look-alike on 127.0.0.1 (Kestrel): <c>/search/granules.umm_json</c> answers UMM-JSON pages of the granules it
/// holds, sorted as given, paged with <c>CMR-Search-After</c>, with <c>CMR-Hits</c>, and can fail on purpose (a 503
/// once, a 429 with <c>Retry-After</c> once, a 400 with CMR's error body, 503 forever, or a redirect elsewhere). Every
/// request is recorded.
/// </summary>
public sealed class FakeCmrServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly byte[][] _items;
    private readonly ConcurrentQueue<CmrRequest> _requests = new();
    private readonly ConcurrentDictionary<int, int> _failuresLeft = new();

    private static readonly byte[] Comma = ","u8.ToArray();
    private static readonly byte[] End = "]}"u8.ToArray();

    private FakeCmrServer(WebApplication app, IEnumerable<JsonObject> items, string shortName)
    {
        _app = app;
        _items = [.. items.Select(i => Encoding.UTF8.GetBytes(i.ToJsonString()))];
        ShortName = shortName;
    }

    /// <summary>The search root to give as <c>--cmr-url</c>.</summary>
    public string SearchRoot { get; private set; } = "";

    /// <summary>The only collection with granules; others have none.</summary>
    public string ShortName { get; }

    /// <summary>Requests received, in order.</summary>
    public IReadOnlyList<CmrRequest> Requests => [.. _requests];

    /// <summary>Page (1-based) whose first request gets a 503.</summary>
    public int? Fail503OncePage { get; set; }

    /// <summary>Page (1-based) whose first request gets a 429 with <c>Retry-After: 1</c>.</summary>
    public int? Fail429OncePage { get; set; }

    /// <summary>Every request gets a 503.</summary>
    public bool AlwaysUnavailable { get; set; }

    /// <summary>Every request gets a 400 with this CMR error message.</summary>
    public string? RejectWith { get; set; }

    /// <summary>Every request gets a 302 to this URL.</summary>
    public string? RedirectTo { get; set; }

    /// <summary>Starts a server holding <paramref name="items"/> (UMM-G records with meta) of collection <paramref name="shortName"/>.</summary>
    public static async Task<FakeCmrServer> StartAsync(IEnumerable<JsonObject> items, string shortName = "ATL06", CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new FakeCmrServer(app, items, shortName);
        app.MapGet("/search/granules.umm_json", server.SearchAsync);
        await app.StartAsync(cancellationToken);
        server.SearchRoot = app.Urls.First().TrimEnd('/') + "/search";
        return server;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task SearchAsync(HttpContext context)
    {
        var request = context.Request;
        var searchAfter = request.Headers["CMR-Search-After"].FirstOrDefault();
        _requests.Enqueue(new CmrRequest(
            request.QueryString.Value ?? "",
            request.Query.ToDictionary(q => q.Key, q => q.Value.ToString(), StringComparer.Ordinal),
            request.Headers.Authorization.FirstOrDefault(),
            request.Headers.Accept.FirstOrDefault(),
            searchAfter));
        var response = context.Response;
        if (AlwaysUnavailable)
        {
            response.StatusCode = 503;
            return;
        }

        if (RedirectTo is { } location)
        {
            response.Redirect(location);
            return;
        }

        if (RejectWith is { } message)
        {
            response.StatusCode = 400;
            response.ContentType = "application/json";
            await response.WriteAsync(new JsonObject { ["errors"] = new JsonArray(message) }.ToJsonString());
            return;
        }

        var pageSize = int.Parse(request.Query["page_size"].FirstOrDefault() ?? "10", CultureInfo.InvariantCulture);
        var first = searchAfter is null ? 0 : int.Parse(searchAfter.Split(',')[1].TrimEnd(']'), CultureInfo.InvariantCulture) + 1;
        var page = first / Math.Max(1, pageSize) + 1;
        if (FailOnce(page, Fail503OncePage, 503))
        {
            response.StatusCode = 503;
            return;
        }

        if (FailOnce(page, Fail429OncePage, 429))
        {
            response.StatusCode = 429;
            response.Headers.RetryAfter = "1";
            return;
        }

        var items = request.Query["short_name"] == ShortName ? _items : [];
        var count = Math.Max(0, Math.Min(pageSize, items.Length - first));
        response.Headers["CMR-Hits"] = items.Length.ToString(CultureInfo.InvariantCulture);
        response.Headers["CMR-Took"] = "7";
        if (count > 0)
        {
            response.Headers["CMR-Search-After"] = string.Create(CultureInfo.InvariantCulture, $"[\"atl06\",{first + count - 1}]");
        }

        response.ContentType = "application/vnd.nasa.cmr.umm_json+json;version=1.6.6; charset=utf-8";
        var body = response.Body;
        await body.WriteAsync(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{{\"hits\":{items.Length},\"took\":7,\"items\":[")));
        for (var i = 0; i < count; i++)
        {
            if (i > 0)
            {
                await body.WriteAsync(Comma);
            }

            await body.WriteAsync(items[first + i]);
        }

        await body.WriteAsync(End);
    }

    private bool FailOnce(int page, int? failingPage, int status) =>
        failingPage == page && _failuresLeft.AddOrUpdate(status * 1000 + page, 1, (_, n) => n + 1) == 1;
}
