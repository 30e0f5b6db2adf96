using System.Net;
using System.Text.Json.Nodes;
using Magg.Orleans.TestSupport;

namespace Magg.Orleans.Http.Tests;

/// <summary><c>magg-orleans serve</c> and <c>silo --http</c> as processes: what they say at startup, and who they let in.</summary>
public sealed class ServeCommandTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Serve_WithoutToken_ListensOnLoopbackOnly_AndSaysSo_ThenStopsOnSigterm()
    {
        await using var serve = await ServeProcess.StartAsync(null, "serve", "--http", "127.0.0.1:0");
        using var client = new HttpClient { BaseAddress = serve.Address };

        using var response = await client.GetAsync(new Uri("/v1/runs/nothing", UriKind.Relative), Ct);

        Assert.EndsWith("(no token: loopback only)", serve.Banner, StringComparison.Ordinal);
        Assert.Equal("127.0.0.1", serve.Address.Host);
        Assert.Contains("local paths: none allowed", serve.Transcript, StringComparison.Ordinal);
        await RunApiTests.AssertProblemAsync(response, HttpStatusCode.NotFound, "no run 'nothing' on this cluster");
        Assert.Equal(0, await serve.TerminateAsync(TimeSpan.FromMinutes(1)));
        Assert.Contains("\nstopping", serve.Transcript, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_BeyondLoopbackWithoutToken_Exits2_NamingTheFlag()
    {
        await using var serve = ServeProcess.Launch(null, "serve", "--http", "0.0.0.0:0");

        Assert.Equal(2, await serve.WaitForExitAsync(TimeSpan.FromMinutes(1)));
        Assert.Contains("! error: --http 0.0.0.0:0 listens beyond this machine: give a bearer token (--token-file FILE or MAGG_HTTP_TOKEN), or listen on 127.0.0.1",
            serve.Transcript, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_TokenFromVariable_BeyondLoopback_NeedsIt()
    {
        const string Token = "variable-token-0123456789";
        await using var serve = await ServeProcess.StartAsync(new Dictionary<string, string?> { ["MAGG_HTTP_TOKEN"] = Token }, "serve", "--http", "0.0.0.0:0");
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{serve.Address.Port}/") };

        using var missing = await client.GetAsync(new Uri("/v1/runs/x", UriKind.Relative), Ct);
        client.DefaultRequestHeaders.Authorization = new("Bearer", Token);
        using var known = await client.GetAsync(new Uri("/v1/runs/x", UriKind.Relative), Ct);

        Assert.Contains("requests need the bearer token", serve.Banner, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, serve.Transcript, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, known.StatusCode);
    }

    [Fact]
    public async Task Serve_BadTokenFile_Exits2_WithoutShowingIt()
    {
        using var folder = new TemporaryFolder();
        await File.WriteAllTextAsync(folder.File("token"), "short", Ct);
        await using var serve = ServeProcess.Launch(null, "serve", "--token-file", folder.File("token"));

        Assert.Equal(2, await serve.WaitForExitAsync(TimeSpan.FromMinutes(1)));
        Assert.Contains($"! error: --token-file {folder.File("token")}: the token must be one line of at least 16 characters without spaces", serve.Transcript,
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task Silo_WithHttp_ServesTheApi_OverItsOwnGrains()
    {
        var environment = new Dictionary<string, string?>
        {
            ["MAGG_CLUSTERING"] = null, ["MAGG_REDIS"] = null, ["MAGG_STORAGE"] = null, ["MAGG_HTTP"] = null, ["MAGG_HTTP_TOKEN_FILE"] = null,
        };
        await using var silo = await ServeProcess.StartAsync(environment, "silo", "--silo-port", Port(), "--gateway-port", Port(), "--http", "127.0.0.1:0");
        using var client = new HttpClient { BaseAddress = silo.Address };
        var config = await File.ReadAllTextAsync(TestData.ReferenceConfig, Ct);
        var catalog = JsonNode.Parse(await File.ReadAllTextAsync(ServeFixture.Catalog, Ct))!;
        foreach (var cell in catalog["catalog"]!.AsObject())
        {
            cell.Value!.AsArray().Clear();
        }

        using var unknown = await client.GetAsync(new Uri("/v1/runs/nothing", UriKind.Relative), Ct);
        using var dryRun = await client.PostAsync(new Uri("/v1/runs", UriKind.Relative),
            RunApiTests.Json(new { config, catalog, store = "s3://bucket/dry.zarr", dry_run = true }), Ct);

        Assert.EndsWith("(no token: loopback only)", silo.Banner, StringComparison.Ordinal);
        await RunApiTests.AssertProblemAsync(unknown, HttpStatusCode.NotFound, "no run 'nothing' on this cluster");
        Assert.Equal(HttpStatusCode.OK, dryRun.StatusCode);
        Assert.Equal(5, (int)JsonNode.Parse(await dryRun.Content.ReadAsStringAsync(Ct))!["total_cells"]!);
    }

    private static string Port() => FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture);
}
