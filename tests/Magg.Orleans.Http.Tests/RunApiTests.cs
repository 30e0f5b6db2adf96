using System.Net;
using System.Net.ServerSentEvents;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Magg.Orleans.TestSupport;

namespace Magg.Orleans.Http.Tests;

/// <summary>The <c>/v1/runs</c> routes of a real <c>magg-orleans serve</c> process with a bearer token.</summary>
public sealed class RunApiTests(ServeFixture serve) : IClassFixture<ServeFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task OpenApi_Document_DescribesEveryRoute()
    {
        using var client = serve.Client(token: null);
        var document = JsonNode.Parse(await client.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative), Ct))!;

        var paths = document["paths"]!.AsObject().Select(p => p.Key).ToArray();
        Assert.Contains("/v1/runs", paths);
        Assert.Contains("/v1/runs/{runId}", paths);
        Assert.Contains("/v1/runs/{runId}/events", paths);
        Assert.Contains("/v1/runs/{runId}/summary", paths);
        Assert.NotNull(document["paths"]!["/v1/runs/{runId}"]!["delete"]);
        Assert.Equal("bearer", (string?)document["components"]!["securitySchemes"]!["bearer"]!["scheme"]);
    }

    [Fact]
    public async Task Request_WithoutToken_Is401_WithAnotherToken_Is403()
    {
        using var none = serve.Client(token: null);
        using var other = serve.Client(token: "another-token-0123456789");

        using var missing = await none.GetAsync(new Uri("/v1/runs/x", UriKind.Relative), Ct);
        using var wrong = await other.PostAsync(new Uri("/v1/runs", UriKind.Relative), Json(new { config = "atl06", dry_run = true }), Ct);

        await AssertProblemAsync(missing, HttpStatusCode.Unauthorized, "this API needs 'Authorization: Bearer TOKEN' (the token the server was started with)");
        Assert.Equal("Bearer", missing.Headers.WwwAuthenticate.Single().Scheme);
        await AssertProblemAsync(wrong, HttpStatusCode.Forbidden, "the bearer token is not this server's");
    }

    [Fact]
    public async Task DryRun_Is200_WithMaggsDict()
    {
        using var client = serve.Client();
        var store = Path.Combine(serve.Folder, "dry.zarr");

        using var response = await client.PostAsync(new Uri("/v1/runs", UriKind.Relative),
            Json(new { config = "atl06", catalog = ServeFixture.Catalog, store, dry_run = true }), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!;
        Assert.True((bool)body["dry_run"]!);
        Assert.Equal(5, (int)body["total_cells"]!);
        Assert.Equal(1, (int)body["granules_per_cell_min"]!);
        Assert.Equal(store, (string?)body["store_path"]);
        Assert.False(Directory.Exists(store), "a dry run touches nothing");
    }

    [Theory]
    [InlineData("""{"config": "atl06", "catalog": "CATALOG", "store": "STORE", "backend": "x"}""", "Unknown backend 'x'; choose one of: local, lambda.")]
    [InlineData("""{"config": "atl06", "catalog": "CATALOG", "store": "STORE", "morton_cell": -1111111}""", "morton_cell -1111111 not in catalog")]
    [InlineData("""{"config": "atl06", "catalog": "CATALOG"}""", "No store path")]
    [InlineData("""{"config": "atl06", "catalog": "/etc/passwd", "store": "STORE"}""", "catalog /etc/passwd: not under a folder this server allows")]
    [InlineData("""{"config": "atl06", "catalog": "CATALOG", "store": "STORE", "max_workers": "many"}""", "The request body is not the agg() options as JSON")]
    [InlineData("""{"config": "atl06", "catalog": "CATALOG", "store": "STORE", "colour": "red"}""", "The request body is not the agg() options as JSON")]
    [InlineData("""{"config": "nonesuch"}""", "config 'nonesuch' is not a built-in config")]
    public async Task Submit_BadRequest_Is400_WithTheClisMessage(string body, string message)
    {
        using var client = serve.Client();
        var json = body.Replace("CATALOG", ServeFixture.Catalog, StringComparison.Ordinal).Replace("STORE", Path.Combine(serve.Folder, "bad.zarr"), StringComparison.Ordinal);

        using var response = await client.PostAsync(new Uri("/v1/runs", UriKind.Relative), new StringContent(json, Encoding.UTF8, "application/json"), Ct);

        var detail = await AssertProblemAsync(response, HttpStatusCode.BadRequest, null);
        Assert.Contains(message, detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Submit_StoreTheSiloDoesNotAllow_Is400_FromTheSilosOwnCheck()
    {
        using var client = serve.Client();

        using var response = await client.PostAsync(new Uri("/v1/runs", UriKind.Relative),
            Json(new { config = "atl06", catalog = ServeFixture.Catalog, store = "s3://someone-elses-bucket/out.zarr" }), Ct);

        var detail = await AssertProblemAsync(response, HttpStatusCode.BadRequest, null);
        Assert.StartsWith("the cluster refused the run: ", detail, StringComparison.Ordinal);
        Assert.Contains("s3://someone-elses-bucket/out.zarr", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Submit_ConfigKeyError_Is400_NamingTheKey()
    {
        using var client = serve.Client();
        var yaml = (await File.ReadAllTextAsync(TestData.ReferenceConfig, Ct)).Replace("function: average", "function: nonesuch", StringComparison.Ordinal);

        using var response = await client.PostAsync(new Uri("/v1/runs", UriKind.Relative),
            Json(new { config = yaml, catalog = ServeFixture.Catalog, store = Path.Combine(serve.Folder, "bad.zarr") }), Ct);

        var detail = await AssertProblemAsync(response, HttpStatusCode.BadRequest, null);
        Assert.Contains("nonesuch", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_Is202_EventsUntilItEnds_ThenProgressAndSummary()
    {
        using var client = serve.Client();
        var store = Path.Combine(serve.Folder, "run.zarr");

        using var accepted = await client.PostAsync(new Uri("/v1/runs", UriKind.Relative),
            Json(new { config = "atl06", catalog = ServeFixture.Catalog, store, max_workers = 2 }), Ct);

        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var body = JsonNode.Parse(await accepted.Content.ReadAsStringAsync(Ct))!;
        var runId = (string)body["run_id"]!;
        Assert.Equal($"/v1/runs/{runId}", accepted.Headers.Location!.OriginalString);
        Assert.Equal($"/v1/runs/{runId}", (string?)body["location"]);

        var events = await EventsAsync(client, runId);
        Assert.All(events[..^1], e => Assert.Equal("progress", e.EventType));
        Assert.Equal("end", events[^1].EventType);
        var last = JsonNode.Parse(events[^1].Data)!;
        Assert.Equal("completed", (string?)last["status"]);
        Assert.True((bool)last["finished"]!);

        var progress = JsonNode.Parse(await client.GetStringAsync(new Uri($"/v1/runs/{runId}", UriKind.Relative), Ct))!;
        Assert.Equal(("completed", 5, 5), ((string?)progress["status"], (int)progress["total_cells"]!, (int)progress["cells_done"]!));

        var summary = JsonNode.Parse(await client.GetStringAsync(new Uri($"/v1/runs/{runId}/summary", UriKind.Relative), Ct))!;
        Assert.Equal(SmallFixtureObservations(), (long)summary["total_obs"]!);
        Assert.Equal((5, 0, store, "local"), ((int)summary["total_cells"]!, (int)summary["cells_error"]!, (string?)summary["store_path"], (string?)summary["backend"]));
        Assert.Equal(5, summary["results"]!.AsArray().Count);
        Assert.Equal(0, (int)summary["page"]!);
        Assert.Null(summary["next"]);
        Assert.True(summary["results"]!.AsArray().All(r => (long)r!["parent_morton"]! != 0 && r["total_obs"] is not null));

        using var beyond = await client.GetAsync(new Uri($"/v1/runs/{runId}/summary?page=7", UriKind.Relative), Ct);
        await AssertProblemAsync(beyond, HttpStatusCode.BadRequest, $"page 7: run {runId} has result pages 0 to 0");
    }

    [Fact]
    public async Task Delete_RunningRun_Is202_AndTheRunEndsCancelled()
    {
        using var client = serve.Client();
        var cells = new JsonObject();
        foreach (var morton in ParentCells(3000))
        {
            cells[morton] = new JsonArray();
        }

        var catalog = new JsonObject { ["metadata"] = new JsonObject { ["parent_order"] = 6 }, ["catalog"] = cells };
        using var accepted = await client.PostAsync(new Uri("/v1/runs", UriKind.Relative),
            Json(new { config = "atl06", catalog, store = Path.Combine(serve.Folder, "cancel.zarr"), max_workers = 1 }), Ct);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var runId = (string)JsonNode.Parse(await accepted.Content.ReadAsStringAsync(Ct))!["run_id"]!;

        using var cancelled = await client.DeleteAsync(new Uri($"/v1/runs/{runId}", UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.Accepted, cancelled.StatusCode);
        Assert.Equal(runId, (string?)JsonNode.Parse(await cancelled.Content.ReadAsStringAsync(Ct))!["run_id"]);
        var events = await EventsAsync(client, runId);
        var last = JsonNode.Parse(events[^1].Data)!;
        Assert.Equal("cancelled", (string?)last["status"]);
        Assert.True((int)last["cells_done"]! < 3000, "the cancel stopped the run before its last cell");
    }

    [Theory]
    [InlineData("GET", "/v1/runs/no-such-run")]
    [InlineData("GET", "/v1/runs/no-such-run/events")]
    [InlineData("GET", "/v1/runs/no-such-run/summary")]
    [InlineData("DELETE", "/v1/runs/no-such-run")]
    public async Task UnknownRun_Is404(string method, string path)
    {
        using var client = serve.Client();

        using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), new Uri(path, UriKind.Relative)), Ct);

        await AssertProblemAsync(response, HttpStatusCode.NotFound, "no run 'no-such-run' on this cluster");
    }

    internal static StringContent Json(object body) => new(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");

    internal static async Task<string> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string? detail)
    {
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == status, $"{(int)response.StatusCode} instead of {(int)status}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(text)!;
        Assert.Equal((int)status, (int)problem["status"]!);
        Assert.False(string.IsNullOrEmpty((string?)problem["title"]));
        if (detail is not null)
        {
            Assert.Equal(detail, (string?)problem["detail"]);
        }

        return (string?)problem["detail"] ?? "";
    }

    /// <summary>The run's server-sent events until the stream ends.</summary>
    internal static async Task<SseItem<string>[]> EventsAsync(HttpClient client, string runId)
    {
        using var response = await client.GetAsync(new Uri($"/v1/runs/{runId}/events", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var events = new List<SseItem<string>>();
        await foreach (var item in SseParser.Create(await response.Content.ReadAsStreamAsync(Ct)).EnumerateAsync(Ct))
        {
            events.Add(item);
        }

        Assert.NotEmpty(events);
        return [.. events];
    }

    private static long SmallFixtureObservations()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(ServeFixture.Catalog));
        return document.RootElement.GetProperty("metadata").GetProperty("synthetic").GetProperty("cell_quality0_segments")
            .EnumerateObject().Sum(p => p.Value.GetInt64());
    }

    /// <summary>The first <paramref name="count"/> order-6 parent cells of base cell 0 as decimal mortons.</summary>
    private static IEnumerable<string> ParentCells(int count)
    {
        for (var i = 0; i < count; i++)
        {
            var digits = new char[6];
            for (int level = 5, rest = i; level >= 0; level--, rest /= 4)
            {
                digits[level] = (char)('1' + (rest % 4));
            }

            yield return "1" + new string(digits);
        }
    }
}
