using Magg.Orleans.Core.Granules;
using Magg.Orleans.Storage.Granules;
using Magg.Orleans.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Time.Testing;

namespace Magg.Orleans.Storage.Tests.Granules;

/// <summary>The NSIDC s3credentials exchange against a real HTTP endpoint on loopback.</summary>
public sealed class NsidcCredentialProviderTests
{
    private const string Token = "edl-token-secret";

    [Fact]
    public async Task GetAsync_CachesUntilShortlyBeforeExpiry_ThenRenews()
    {
        var ct = TestContext.Current.CancellationToken;
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero));
        var requests = 0;
        await using var server = await StartAsync(context =>
        {
            requests++;
            var expiry = time.GetUtcNow().AddHours(1).ToString("yyyy-MM-dd HH:mm:ss+00:00", System.Globalization.CultureInfo.InvariantCulture);
            return context.Request.Headers.Authorization == $"Bearer {Token}"
                ? Results.Json(new { accessKeyId = $"AKIA{requests}", secretAccessKey = "s", sessionToken = "t", expiration = expiry })
                : Results.StatusCode(401);
        });
        using var http = new HttpClient();
        using var provider = new NsidcCredentialProvider(new Uri($"{server.Url}/s3credentials"), _ => ValueTask.FromResult(Token), http, time);

        var first = await provider.GetAsync(ct);
        time.Advance(TimeSpan.FromMinutes(50));
        var cached = await provider.GetAsync(ct);
        time.Advance(TimeSpan.FromMinutes(6));
        var renewed = await provider.GetAsync(ct);

        Assert.Equal(("AKIA1", "AKIA1", "AKIA2"), (first.AccessKeyId, cached.AccessKeyId, renewed.AccessKeyId));
        Assert.Equal(2, requests);
        Assert.Equal(time.GetUtcNow().AddHours(1).AddSeconds(-time.GetUtcNow().Second), renewed.Expiration);
    }

    [Fact]
    public async Task GetAsync_RefusedToken_IsAccessDeniedWithoutTheToken()
    {
        await using var server = await StartAsync(_ => Results.StatusCode(401));
        using var http = new HttpClient();
        using var provider = new NsidcCredentialProvider(new Uri($"{server.Url}/s3credentials"), _ => ValueTask.FromResult(Token), http, TimeProvider.System);

        var error = await Assert.ThrowsAsync<GranuleAccessException>(async () => await provider.GetAsync(TestContext.Current.CancellationToken));

        Assert.Equal(GranuleErrorKind.AccessDenied, error.Kind);
        Assert.DoesNotContain(Token, error.ToString(), StringComparison.Ordinal);
    }

    private static async Task<Endpoint> StartAsync(Func<HttpContext, IResult> handler)
    {
        var port = FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();
        app.MapGet("/s3credentials", handler);
        await app.StartAsync(TestContext.Current.CancellationToken);
        return new Endpoint(app, $"http://127.0.0.1:{port}");
    }

    private sealed record Endpoint(WebApplication App, string Url) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => App.DisposeAsync();
    }
}
