using System.Collections.Concurrent;
using System.Globalization;
using Magg.Orleans.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Magg.Orleans.Storage.Tests.Granules;

/// <summary>
/// A Kestrel server on loopback serving the fixture granules with HTTP range support, as Earthdata's HTTPS endpoint
/// would, plus routes that misbehave on purpose:
/// <list type="bullet">
/// <item><c>/data/{key}</c>: the granule named by the key's file name; needs <c>Authorization: Bearer {Token}</c>, or a URL
/// pre-signed with <see cref="MotoBucket.Credentials"/> (401 otherwise).</item>
/// <item><c>/fail/{status}/{from}/{count}/{key}</c>: like /data, but requests number from .. from+count-1 to this path answer <c>status</c>.</item>
/// <item><c>/expired/{key}</c>: 400 with an S3 <c>ExpiredToken</c> error body (no token needed, as a pre-signed URL).</item>
/// </list>
/// </summary>
internal sealed class GranuleFileServer : IAsyncDisposable
{
    /// <summary>The token the server accepts.</summary>
    public const string Token = "test-bearer-token-0123456789abcdef";

    /// <summary>A token the server reports as expired.</summary>
    public const string ExpiredToken = "expired-bearer-token-fedcba9876543210";

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, int> _requestsByPath = new(StringComparer.Ordinal);
    private int _requests;

    private GranuleFileServer(WebApplication app, int port)
    {
        _app = app;
        BaseUrl = $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}";
    }

    /// <summary>e.g. <c>http://127.0.0.1:5123</c>.</summary>
    public string BaseUrl { get; }

    /// <summary>Requests received so far (all paths).</summary>
    public int Requests => Volatile.Read(ref _requests);

    /// <summary>Requests received for one path.</summary>
    public int RequestsTo(string path) => _requestsByPath.GetValueOrDefault(path);

    public static async Task<GranuleFileServer> StartAsync(CancellationToken cancellationToken)
    {
        var files = TestData.FixtureNames
            .SelectMany(f => Directory.GetFiles(Path.Combine(TestData.Fixture(f), "granules"), "*.h5"))
            .ToDictionary(p => Path.GetFileName(p), p => p, StringComparer.Ordinal);
        var port = FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}");
        var app = builder.Build();
        var server = new GranuleFileServer(app, port);

        app.Use(async (context, next) =>
        {
            Interlocked.Increment(ref server._requests);
            server._requestsByPath.AddOrUpdate(context.Request.Path.Value ?? "", 1, (_, n) => n + 1);
            await next(context);
        });

        IResult Serve(HttpContext context, string key)
        {
            var authorization = context.Request.Headers.Authorization.ToString();
            if (authorization == $"Bearer {ExpiredToken}")
            {
                context.Response.Headers.WWWAuthenticate = "Bearer error=\"invalid_token\", error_description=\"The access token expired\"";
                return Results.StatusCode(StatusCodes.Status401Unauthorized);
            }

            var presigned = context.Request.Query["X-Amz-Security-Token"].ToString() == MotoBucket.Credentials.SessionToken;
            if (authorization != $"Bearer {Token}" && !presigned)
            {
                context.Response.Headers.WWWAuthenticate = "Bearer";
                return Results.StatusCode(StatusCodes.Status401Unauthorized);
            }

            return files.TryGetValue(Path.GetFileName(key), out var file)
                ? Results.File(file, "application/x-hdf5", enableRangeProcessing: true)
                : Results.NotFound();
        }

        app.MapGet("/data/{**key}", (HttpContext context, string key) => Serve(context, key));
        app.MapGet("/fail/{status:int}/{from:int}/{count:int}/{**key}", (HttpContext context, int status, int from, int count, string key) =>
        {
            var number = server.RequestsTo(context.Request.Path.Value ?? "");
            if (number >= from && number < from + count)
            {
                return status == StatusCodes.Status503ServiceUnavailable
                    ? Results.Content("<?xml version=\"1.0\"?><Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>",
                        "application/xml", statusCode: status)
                    : Results.StatusCode(status);
            }

            return Serve(context, key);
        });
        app.MapGet("/expired/{**key}", () => Results.Content(
            "<?xml version=\"1.0\"?><Error><Code>ExpiredToken</Code><Message>The provided token has expired.</Message></Error>",
            "application/xml", statusCode: StatusCodes.Status400BadRequest));

        await app.StartAsync(cancellationToken);
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
